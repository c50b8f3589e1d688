package de.rathaus.notifications.delivery;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DeliveryConfiguration {

    /**
     * The local profile's (development and tests); a real gateway is another {@link SmsProvider} bean selected by this
     * property. Without any, SMS notifications fail with "no SMS gateway configured".
     */
    @Bean
    @ConditionalOnProperty(name = "rathaus.notifications.sms.provider", havingValue = "simulated")
    SimulatedSmsProvider simulatedSmsProvider(SmsDeliveryReports reports) {
        return new SimulatedSmsProvider(reports);
    }
}
