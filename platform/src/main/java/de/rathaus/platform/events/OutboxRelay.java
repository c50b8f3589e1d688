package de.rathaus.platform.events;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import de.rathaus.platform.work.WorkerLoop;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes outbox rows to Kafka as CloudEvents (binary mode) and marks them published.
 *
 * <p>Why not Spring Modulith's event publication registry: its Kafka externalization sends on the committing
 * thread (a broker outage then holds every request up to {@code max.block.ms}), republishes only on restart or
 * on an explicit resubmission, one publication at a time, with a scan over the whole registry (modulith issues
 * 1146 and 1148). This relay instead reads a batch with {@code FOR UPDATE SKIP LOCKED} through a partial index
 * over unpublished rows (so several instances share the work and history does not slow it down), sends the batch
 * pipelined, waits for the acknowledgements and marks what the broker confirmed. Rounds are triggered by commits
 * (after a short linger that lets concurrent commits share a round) and by a poll interval; while the broker
 * fails it backs off exponentially and nothing is lost.
 *
 * <p>Delivery is at least once: an event whose acknowledgement was lost is sent again, and consumers deduplicate
 * on {@code ce_id}. Within one batch a failed event holds back the later events of the same key, so the order of
 * one aggregate's events is kept when they are retried.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final KafkaTemplate<String, Object> kafka;
    private final KafkaAdmin admin;
    private final OutboxProperties props;
    private final Clock clock;
    private final URI source;
    private final AtomicLong published = new AtomicLong();
    private final WorkerLoop loop;
    private volatile boolean brokerHealthy = true;
    private Instant lastCleanup = Instant.MIN;

    public OutboxRelay(JdbcClient jdbc, TransactionTemplate tx, KafkaTemplate<String, Object> kafka, KafkaAdmin admin,
                       OutboxProperties props, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.kafka = kafka;
        this.admin = admin;
        this.props = props;
        this.clock = clock;
        this.source = URI.create(props.source());
        this.loop = new WorkerLoop("outbox-relay", this::round,
                WorkerLoop.Settings.polling(props.pollInterval(), props.maxBackoff())
                        .withLinger(props.linger())
                        .withStopTimeout(props.sendTimeout().plusSeconds(1)));
    }

    /** Called after a transaction that recorded events committed: start a round now instead of at the next poll. */
    public void wakeUp() {
        loop.wakeUp();
    }

    /** Events published by this instance since start (for tests and metrics). */
    public long publishedCount() {
        return published.get();
    }

    /** Unpublished events waiting in the outbox. */
    public long pendingCount() {
        return jdbc.sql("select count(*) from outbox_event where published_at is null").query(Long.class).single();
    }

    /**
     * Runs one round: reads up to {@code batchSize} unpublished events, sends them and marks those the broker
     * acknowledged. Returns the number marked published; throws nothing on broker failures.
     */
    public int relayOnce() {
        Round round = tx.execute(status -> {
            List<OutboxRow> rows = jdbc.sql("""
                    select id, topic, message_key, event_type, source, data_schema, tenant, traceparent,
                           correlation_id, occurred_at, payload::text as payload
                    from outbox_event
                    where published_at is null
                    order by seq
                    limit :limit
                    for update skip locked
                    """)
                    .param("limit", props.batchSize())
                    .query(OutboxRow.class)
                    .list();
            if (rows.isEmpty()) {
                return new Round(0, 0);
            }
            return send(rows);
        });
        brokerHealthy = round.failed() == 0;
        published.addAndGet(round.published());
        return round.published();
    }

    private Round send(List<OutboxRow> rows) {
        if (!brokerHealthy) {
            // after a failure (perhaps the broker was down at start and the topics are missing): create what is missing
            admin.initialize();
        }
        List<CompletableFuture<SendResult<String, Object>>> futures = new ArrayList<>(rows.size());
        for (OutboxRow row : rows) {
            CompletableFuture<SendResult<String, Object>> future = sendAsync(row);
            futures.add(future);
            if (future.isCompletedExceptionally()) {
                // the broker is unreachable (send waited max.block.ms for metadata): don't wait that long per row
                break;
            }
        }
        List<UUID> done = new ArrayList<>();
        Set<String> blockedKeys = new HashSet<>();
        List<UUID> failed = new ArrayList<>();
        String lastError = null;
        long deadline = System.nanoTime() + props.sendTimeout().toNanos();
        for (int i = 0; i < futures.size(); i++) {
            OutboxRow row = rows.get(i);
            try {
                long remaining = Math.max(1, deadline - System.nanoTime());
                futures.get(i).get(remaining, TimeUnit.NANOSECONDS);
                if (!blockedKeys.contains(row.topic() + '/' + row.messageKey())) {
                    done.add(row.id());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                blockedKeys.add(row.topic() + '/' + row.messageKey());
                failed.add(row.id());
            } catch (Exception e) {
                blockedKeys.add(row.topic() + '/' + row.messageKey());
                failed.add(row.id());
                lastError = String.valueOf(e.getCause() == null ? e : e.getCause());
            }
        }
        if (!done.isEmpty()) {
            jdbc.sql("update outbox_event set published_at = :now, attempts = attempts + 1, last_error = null where id = any(:ids)")
                    .param("now", Timestamp.from(clock.instant()))
                    .param("ids", done.toArray(UUID[]::new))
                    .update();
        }
        if (!failed.isEmpty()) {
            log.warn("Outbox: {} of {} events not acknowledged by Kafka, will retry: {}", rows.size() - done.size(), rows.size(), lastError);
            jdbc.sql("update outbox_event set attempts = attempts + 1, last_error = :error where id = any(:ids)")
                    .param("error", lastError == null ? "interrupted" : abbreviate(lastError))
                    .param("ids", failed.toArray(UUID[]::new))
                    .update();
        }
        return new Round(done.size(), failed.size());
    }

    private CompletableFuture<SendResult<String, Object>> sendAsync(OutboxRow row) {
        try {
            return kafka.send(new ProducerRecord<>(row.topic(), row.messageKey(), toCloudEvent(row)));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    CloudEvent toCloudEvent(OutboxRow row) {
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(row.id().toString())
                .withSource(row.source() == null ? source : URI.create(row.source()))
                .withType(row.eventType())
                .withSubject(row.messageKey())
                .withTime(row.occurredAt().toInstant().atOffset(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .withExtension(CloudEventExtensions.TENANT, row.tenant())
                .withData(row.payload().getBytes(StandardCharsets.UTF_8));
        if (row.dataSchema() != null) {
            builder.withDataSchema(URI.create(row.dataSchema()));
        }
        if (row.traceparent() != null) {
            builder.withExtension(CloudEventExtensions.TRACEPARENT, row.traceparent());
        }
        if (row.correlationId() != null) {
            builder.withExtension(CloudEventExtensions.CORRELATION_ID, row.correlationId());
        }
        return builder.build();
    }

    /** One round of the worker loop: a batch, then more at once while batches are full and the broker healthy. */
    private WorkerLoop.Next round() {
        int marked = relayOnce();
        if (!brokerHealthy) {
            return WorkerLoop.Next.BACK_OFF;
        }
        if (marked == props.batchSize()) {
            return WorkerLoop.Next.CONTINUE;
        }
        cleanUpNowAndThen();
        return WorkerLoop.Next.WAIT;
    }

    private void cleanUpNowAndThen() {
        Instant now = clock.instant();
        if (now.isBefore(lastCleanup.plus(Duration.ofMinutes(10))) && !now.isBefore(lastCleanup)) {
            return;
        }
        lastCleanup = now;
        cleanUp(now);
    }

    /**
     * Housekeeping of the platform tables: deletes events published longer than {@code retention} ago and the ids of
     * consumed events older than {@code processed-event-retention}. Runs on the relay thread every ten minutes.
     *
     * @return rows deleted (outbox events, processed-event marks)
     */
    int[] cleanUp(Instant now) {
        int published = jdbc.sql("delete from outbox_event where published_at < :before")
                .param("before", Timestamp.from(now.minus(props.retention())))
                .update();
        int processed = jdbc.sql("delete from processed_event where processed_at < :before")
                .param("before", Timestamp.from(now.minus(props.processedEventRetention())))
                .update();
        if (published > 0 || processed > 0) {
            log.info("Housekeeping: deleted {} events published before the retention of {} and {} processed-event "
                    + "marks older than {}", published, props.retention(), processed, props.processedEventRetention());
        }
        return new int[] {published, processed};
    }

    private static String abbreviate(String s) {
        return s.length() <= 1000 ? s : s.substring(0, 1000);
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void stop() {
        loop.stop();
    }

    @Override
    public boolean isAutoStartup() {
        return props.autoStartup();
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }

    /** Start after the web server and the Kafka listeners, stop before them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    record OutboxRow(UUID id, String topic, String messageKey, String eventType, String source, String dataSchema,
                     String tenant, String traceparent, String correlationId, Timestamp occurredAt, String payload) {
    }

    private record Round(int published, int failed) {
    }
}
