package de.rathaus.notifications.delivery;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DeliveryConfiguration {

    /** Development and tests; a real gateway is another {@link SmsProvider} bean selected by this property. */
    @Bean
    @ConditionalOnProperty(name = "rathaus.notifications.sms.provider", havingValue = "simulated", matchIfMissing = true)
    SimulatedSmsProvider simulatedSmsProvider(SmsDeliveryReports reports) {
        return new SimulatedSmsProvider(reports);
    }
}
