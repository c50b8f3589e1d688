package de.rathaus.payments.simulator;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code rathaus.payments.simulator.*}: the simulated PSP, switched on (with its URL and demo secrets) only by the
 * {@code local} profile: development, the local stack and the tests.
 *
 * @param enabled              serve the simulator under {@code /api/v1/payments/public/simulator}
 * @param publicUrl            how browsers reach the simulator (the hosted checkout page), usually via the gateway
 * @param notificationUrl      where notifications go; empty = this service's provider-notifications endpoint
 * @param apiKey               the API key the adapter must present
 * @param notificationSecret   HMAC secret of the notifications
 * @param minDelay             earliest delivery of a notification after the payer's decision
 * @param maxDelay             latest delivery
 * @param duplicateProbability chance that a notification is delivered twice
 * @param reorderProbability   chance that the final notification arrives before the earlier "started" one
 * @param seed                 random seed (0 = a new random sequence each start); fixed in tests
 */
@ConfigurationProperties("rathaus.payments.simulator")
public record SimulatorProperties(
        boolean enabled,
        String publicUrl,
        @DefaultValue("") String notificationUrl,
        String apiKey,
        String notificationSecret,
        @DefaultValue("200ms") Duration minDelay,
        @DefaultValue("2s") Duration maxDelay,
        @DefaultValue("0.3") double duplicateProbability,
        @DefaultValue("0.3") double reorderProbability,
        @DefaultValue("0") long seed) {

    public SimulatorProperties {
        if (publicUrl == null || publicUrl.isBlank() || apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("rathaus.payments.simulator.public-url and .api-key are required when the simulator is enabled");
        }
    }
}
