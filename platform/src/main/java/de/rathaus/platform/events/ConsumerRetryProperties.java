package de.rathaus.platform.events;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a consumer retries a record its listener failed on ({@code rathaus.kafka.retry.*}), see {@link ConsumerFailures}.
 *
 * @param initialInterval pause after the first failure; it doubles with every further failure of the same record
 * @param maxInterval     longest pause between two attempts at a record that fails transiently (the database or
 *                        broker is unreachable, a lock or a query timed out): such a record is retried for as long
 *                        as it fails
 * @param attempts        retries of a record that fails for another, unknown reason before it goes to the
 *                        dead-letter topic (poison records go there at once)
 */
@ConfigurationProperties("rathaus.kafka.retry")
public record ConsumerRetryProperties(@DefaultValue("1s") Duration initialInterval,
                                      @DefaultValue("30s") Duration maxInterval,
                                      @DefaultValue("4") int attempts) {

    public ConsumerRetryProperties {
        if (initialInterval.isNegative() || initialInterval.isZero() || maxInterval.compareTo(initialInterval) < 0) {
            throw new IllegalArgumentException("rathaus.kafka.retry: 0 < initial-interval <= max-interval");
        }
        if (attempts < 0) {
            throw new IllegalArgumentException("rathaus.kafka.retry.attempts must not be negative");
        }
    }
}
