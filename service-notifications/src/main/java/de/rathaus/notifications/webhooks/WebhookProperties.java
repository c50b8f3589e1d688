package de.rathaus.notifications.webhooks;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhook delivery settings ({@code rathaus.notifications.webhooks.*}).
 *
 * @param allowHttp                  accept {@code http://} callbacks (the local profile only; HTTPS otherwise)
 * @param allowedTargets             CIDR ranges or host names that may be called although private or loopback
 *                                   (on-premises systems; the local profile allows loopback)
 * @param timeout                    per delivery attempt, connect to last byte
 * @param retryFor                   how long a failing delivery is retried before it is dead-lettered
 * @param initialBackoff             first retry delay; doubles per attempt, with jitter, up to {@code maxBackoff}
 * @param maxBackoff                 longest retry delay
 * @param maxInFlightPerSubscription concurrent requests to one subscriber: a slow one never takes more
 * @param maxConnectionsPerRoute     pooled connections per subscriber host
 * @param pollInterval               how often due retries are looked for when nothing wakes the dispatcher
 */
@ConfigurationProperties("rathaus.notifications.webhooks")
public record WebhookProperties(
        @DefaultValue("false") boolean allowHttp,
        @DefaultValue List<String> allowedTargets,
        @DefaultValue("5s") Duration timeout,
        @DefaultValue("3d") Duration retryFor,
        @DefaultValue("5s") Duration initialBackoff,
        @DefaultValue("1h") Duration maxBackoff,
        @DefaultValue("16") int maxInFlightPerSubscription,
        @DefaultValue("64") int maxConnectionsPerRoute,
        @DefaultValue("1s") Duration pollInterval) {
}
