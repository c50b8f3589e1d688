package de.rathaus.notifications.webhooks;

import de.rathaus.notifications.events.EventCatalog;
import de.rathaus.notifications.events.ReceivedEvent;
import de.rathaus.notifications.events.ReceivedEventRepository;
import de.rathaus.platform.events.CloudEventExtensions;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Replays events since a timestamp to one subscription, read from the Kafka topics themselves (not from this
 * service's copy): a consumer without group assigns every partition of the subscription's topics, seeks to the
 * offset of the timestamp ({@code offsetsForTimes}) and reads up to the end offsets taken at the start. Matching
 * events become deliveries of this replay (a second replay delivers them again; within one replay each event once).
 * Bounded by the topics' retention (7 days by default).
 */
@Service
public class ReplayService implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReplayService.class);
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ReceivedEventRepository events;
    private final DeliveryRepository deliveries;
    private final WebhookDispatcher dispatcher;
    private final WebhookProperties props;
    private final Clock clock;
    private final String bootstrapServers;
    private final ExecutorService replays = Executors.newFixedThreadPool(2, r -> {
        Thread thread = new Thread(r, "webhook-replay");
        thread.setDaemon(true);
        return thread;
    });

    ReplayService(JdbcClient jdbc, TransactionTemplate tx, ReceivedEventRepository events, DeliveryRepository deliveries,
                  WebhookDispatcher dispatcher, WebhookProperties props, Clock clock,
                  @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.events = events;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.props = props;
        this.clock = clock;
        this.bootstrapServers = bootstrapServers;
    }

    public record Replay(UUID id, UUID subscriptionId, Instant since, String status, int matched, String error) {
    }

    public Replay start(Subscription subscription, Instant since) {
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into webhook_replay (id, subscription_id, since, status, matched, created_at) values (:id, :sub, :since, 'RUNNING', 0, :now)")
                .param("id", id).param("sub", subscription.id()).param("since", Timestamp.from(since))
                .param("now", Timestamp.from(clock.instant()))
                .update();
        replays.submit(() -> run(id, subscription, since));
        return new Replay(id, subscription.id(), since, "RUNNING", 0, null);
    }

    public Optional<Replay> find(UUID subscriptionId, UUID replayId) {
        return jdbc.sql("select id, subscription_id, since, status, matched, error from webhook_replay where id = :id and subscription_id = :sub")
                .param("id", replayId).param("sub", subscriptionId)
                .query((rs, n) -> new Replay(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getTimestamp(3).toInstant(),
                        rs.getString(4), rs.getInt(5), rs.getString(6)))
                .optional();
    }

    private void run(UUID replayId, Subscription subscription, Instant since) {
        int matched = 0;
        try (KafkaConsumer<String, CloudEvent> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "rathaus.notifications.replay-" + replayId,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500),
                new StringDeserializer(), new CloudEventDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topicsOf(subscription)) {
                for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(p -> query.put(p, since.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(query, Duration.ofSeconds(10));
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            Map<TopicPartition, Long> remaining = new HashMap<>();
            for (TopicPartition p : partitions) {
                OffsetAndTimestamp start = starts.get(p);
                if (start == null || start.offset() >= ends.get(p)) {
                    continue;
                }
                consumer.seek(p, start.offset());
                remaining.put(p, ends.get(p));
            }
            consumer.assign(remaining.keySet());
            Instant giveUp = clock.instant().plus(props.retryFor());
            while (!remaining.isEmpty()) {
                List<ReceivedEvent> batch = new ArrayList<>();
                for (ConsumerRecord<String, CloudEvent> record : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition p = new TopicPartition(record.topic(), record.partition());
                    Long end = remaining.get(p);
                    if (end == null || record.offset() >= end) {
                        continue;
                    }
                    if (record.value() != null) {
                        CloudEvent e = record.value();
                        Map<String, Object> data = e.getData() == null ? Map.of() : events.parse(e.getData().toBytes());
                        ReceivedEvent event = new ReceivedEvent(e.getId(), e.getType(), e.getSource() == null ? null : e.getSource().toString(),
                                e.getSubject(), CloudEventExtensions.tenant(e), e.getTime() == null ? null : e.getTime().toInstant(),
                                record.topic(), data);
                        if (subscription.matches(event)) {
                            batch.add(event);
                        }
                    }
                }
                for (TopicPartition p : List.copyOf(remaining.keySet())) {
                    if (consumer.position(p) >= remaining.get(p)) {
                        remaining.remove(p);
                        consumer.pause(List.of(p));
                    }
                }
                if (!batch.isEmpty()) {
                    matched += batch.size();
                    int count = matched;
                    tx.executeWithoutResult(s -> {
                        Instant now = clock.instant();
                        for (ReceivedEvent event : batch) {
                            events.insertIfAbsent(event, now);
                            deliveries.insert(List.of(subscription.id()), event.id(), event.type(), replayId, now, giveUp);
                        }
                        progress(replayId, "RUNNING", count, null);
                    });
                    dispatcher.wakeUp();
                }
            }
            progress(replayId, "DONE", matched, null);
        } catch (RuntimeException e) {
            log.warn("Replay {} of subscription {} failed", replayId, subscription.id(), e);
            progress(replayId, "FAILED", matched, e.toString());
        }
    }

    private static List<String> topicsOf(Subscription subscription) {
        return subscription.eventTypes().stream().map(EventCatalog::get).filter(java.util.Objects::nonNull)
                .map(EventCatalog.EventType::topic).distinct().toList();
    }

    private void progress(UUID replayId, String status, int matched, String error) {
        jdbc.sql("update webhook_replay set status = :status, matched = :matched, error = :error where id = :id")
                .param("status", status).param("matched", matched).param("error", error).param("id", replayId)
                .update();
    }

    @Override
    public void destroy() {
        replays.shutdownNow();
    }
}
