package de.rathaus.payments.simulator;

import de.rathaus.payments.provider.LocalServer;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The simulated PSP, only with {@code rathaus.payments.simulator.enabled=true} (dev and test, never production). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "rathaus.payments.simulator.enabled", havingValue = "true")
@EnableConfigurationProperties(SimulatorProperties.class)
public class SimulatorConfiguration {

    @Bean
    PspSimulator pspSimulator(SimulatorProperties props, LocalServer localServer, JsonMapper json, Clock clock) {
        return new PspSimulator(props, localServer, json, clock);
    }
}
