package de.rathaus.platform.events;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.kafka.listener.RetryListener;

/**
 * The partitions whose consumer is held up right now by a record that fails transiently ({@link ConsumerFailures}):
 * it is retried until it passes, and meanwhile nothing behind it on that partition is consumed. Reported as the
 * {@code kafkaConsumers} health indicator (DOWN with the partition, offset, attempts, first failure and last error
 * while any is held up; not part of readiness: the service still answers requests) and by the gauge
 * {@code rathaus.kafka.consumer.retrying}.
 * <p>
 * The error handler tells it about every failed attempt ({@link RetryListener}); a partition is released when its
 * record succeeds ({@link RecordInterceptor#success}) or is dead-lettered.
 */
public class ConsumerRetries implements RetryListener, RecordInterceptor<Object, Object>, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(ConsumerRetries.class);

    private final Map<TopicPartition, Retrying> retrying = new ConcurrentHashMap<>();
    private final Clock clock;

    public ConsumerRetries(Clock clock) {
        this.clock = clock;
    }

    /** A record that keeps failing transiently. */
    record Retrying(long offset, Instant since, int attempts, String lastError) {
    }

    @Override
    public void failedDelivery(ConsumerRecord<?, ?> record, Exception failure, int attempt) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (!ConsumerFailures.isTransient(failure)) {
            retrying.remove(partition);
            return;
        }
        String error = rootCause(failure).toString();
        Retrying now = retrying.compute(partition, (key, before) -> new Retrying(record.offset(),
                before != null && before.offset() == record.offset() ? before.since() : clock.instant(), attempt, error));
        log.warn("Consumer of {} waits: offset {} failed transiently {} time(s) since {}, retrying: {}", partition,
                record.offset(), attempt, now.since(), error);
    }

    @Override
    public void recovered(ConsumerRecord<?, ?> record, Exception failure) {
        release(record);
    }

    @Override
    public ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
        return record;
    }

    @Override
    public void success(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
        release(record);
    }

    private void release(ConsumerRecord<?, ?> record) {
        if (retrying.isEmpty()) {
            return; // the common case: nothing is held up
        }
        Retrying released = retrying.remove(new TopicPartition(record.topic(), record.partition()));
        if (released != null) {
            log.info("Consumer of {}-{} goes on: offset {} passed after {} failed attempt(s) since {}", record.topic(),
                    record.partition(), record.offset(), released.attempts(), released.since());
        }
    }

    /** How many partitions are held up now. */
    public int retryingPartitions() {
        return retrying.size();
    }

    @Override
    public Health health() {
        if (retrying.isEmpty()) {
            return Health.up().build();
        }
        Map<String, Object> details = new TreeMap<>();
        retrying.forEach((partition, state) -> details.put(partition.toString(), Map.of("offset", state.offset(),
                "since", state.since().toString(), "attempts", state.attempts(), "lastError", state.lastError())));
        return Health.down().withDetails(details).build();
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
