package de.rathaus.notifications.delivery;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code rathaus.notifications.dispatch.*}: sending the queued e-mail and SMS notifications ({@link NotificationDispatcher}).
 *
 * @param mailFrom     sender of the e-mails
 * @param batchSize    notifications claimed per round
 * @param senders      notifications sent in parallel
 * @param maxAttempts  attempts before a transiently failing notification is FAILED
 * @param retryInitial first retry delay; doubles per attempt, with jitter, up to {@code retryMax}
 * @param retryMax     longest retry delay
 * @param pollInterval how often due retries are looked for when nothing wakes the dispatcher
 */
@ConfigurationProperties("rathaus.notifications.dispatch")
public record DispatchProperties(
        @DefaultValue("Digitales Rathaus <noreply@rathaus.example>") String mailFrom,
        @DefaultValue("50") int batchSize,
        @DefaultValue("4") int senders,
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("30s") Duration retryInitial,
        @DefaultValue("1h") Duration retryMax,
        @DefaultValue("2s") Duration pollInterval) {
}
