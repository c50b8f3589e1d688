package de.rathaus.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class PlatformDefaultsTest {

    @Test
    void theDefaultsApplyUnlessTheServiceSaysOtherwise() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("service",
                Map.of("management.endpoints.web.exposure.include", "health")));

        new PlatformDefaults().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("management.endpoint.health.group.readiness.include"))
                .isEqualTo("readinessState,db,jwks");
        assertThat(environment.getProperty("server.max-http-request-header-size")).isEqualTo("16KB");
        assertThat(environment.getProperty("management.endpoints.web.exposure.include"))
                .as("the service's own value wins").isEqualTo("health");
    }
}
