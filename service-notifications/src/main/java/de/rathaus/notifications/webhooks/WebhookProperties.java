package de.rathaus.notifications.webhooks;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Webhook delivery settings ({@code rathaus.notifications.webhooks.*}).
 *
 * @param allowHttp                  accept {@code http://} callbacks (dev profile only; HTTPS otherwise)
 * @param allowedTargets             CIDR ranges or host names that may be called although private or loopback
 *                                   (on-premises systems; tests use 127.0.0.1/32)
 * @param timeout                    per delivery attempt, connect to last byte
 * @param retryFor                   how long a failing delivery is retried before it is dead-lettered
 * @param initialBackoff             first retry delay; doubles per attempt, with jitter, up to {@code maxBackoff}
 * @param maxInFlightPerSubscription concurrent requests to one subscriber: a slow one never takes more
 * @param pollInterval               how often due retries are looked for when nothing wakes the dispatcher
 */
@ConfigurationProperties("rathaus.notifications.webhooks")
public record WebhookProperties(Boolean allowHttp, List<String> allowedTargets, Duration timeout, Duration retryFor,
                                Duration initialBackoff, Duration maxBackoff, Integer maxInFlightPerSubscription,
                                Duration pollInterval) {

    public WebhookProperties {
        allowHttp = allowHttp != null && allowHttp;
        allowedTargets = allowedTargets == null ? List.of() : allowedTargets;
        timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
        retryFor = retryFor == null ? Duration.ofDays(3) : retryFor;
        initialBackoff = initialBackoff == null ? Duration.ofSeconds(5) : initialBackoff;
        maxBackoff = maxBackoff == null ? Duration.ofHours(1) : maxBackoff;
        maxInFlightPerSubscription = maxInFlightPerSubscription == null ? 16 : maxInFlightPerSubscription;
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
    }
}
