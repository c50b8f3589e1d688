package de.rathaus.platform.events;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the outbox relay.
 *
 * @param source        CloudEvents {@code source} of every event of this service, e.g. {@code urn:rathaus:service-applications}
 * @param batchSize     events read, sent and marked per relay round
 * @param pollInterval  how often the relay looks for events when no commit woke it up
 * @param linger        how long the relay, woken by a commit, waits for further commits before it reads: the events
 *                      of transactions committing meanwhile then go out in the same round (one query, one update,
 *                      one produce request) instead of one round each; 0 reads at once
 * @param sendTimeout   how long one round waits for the broker's acknowledgements
 * @param maxBackoff    longest pause between rounds while the broker keeps failing
 * @param retention     how long published events are kept before they are deleted
 * @param autoStartup   whether the relay starts with the application (tests drive it by hand)
 * @param processedEventRetention how long the ids of consumed events are remembered for deduplication; must exceed
 *                      the longest retention of a consumed topic plus the longest consumer outage, or a redelivery
 *                      after that could run a handler twice (default 30 days, topics keep 7)
 */
@ConfigurationProperties("rathaus.outbox")
public record OutboxProperties(String source, Integer batchSize, Duration pollInterval, Duration linger,
                               Duration sendTimeout, Duration maxBackoff, Duration retention, Boolean autoStartup,
                               Duration processedEventRetention) {

    public OutboxProperties {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("rathaus.outbox.source must name this service, e.g. urn:rathaus:service-applications");
        }
        batchSize = batchSize == null ? 200 : batchSize;
        pollInterval = pollInterval == null ? Duration.ofMillis(500) : pollInterval;
        linger = linger == null ? Duration.ofMillis(20) : linger;
        sendTimeout = sendTimeout == null ? Duration.ofSeconds(10) : sendTimeout;
        maxBackoff = maxBackoff == null ? Duration.ofSeconds(15) : maxBackoff;
        retention = retention == null ? Duration.ofDays(7) : retention;
        autoStartup = autoStartup == null || autoStartup;
        processedEventRetention = processedEventRetention == null ? Duration.ofDays(30) : processedEventRetention;
    }
}
