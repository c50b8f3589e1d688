package de.rathaus.notifications.webhooks;

import de.rathaus.notifications.events.ReceivedEvent;
import de.rathaus.notifications.events.ReceivedEventRepository;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * Reads topics back from a point in time (the source of a replay): a consumer without group assigns every partition,
 * seeks to the offset of the timestamp ({@code offsetsForTimes}) and reads up to the end offsets taken at the start.
 * Bounded by the topics' retention (7 days by default).
 */
@Component
class TopicReplayClient {

    private final List<String> bootstrapServers;
    private final ReceivedEventRepository events;

    TopicReplayClient(KafkaProperties kafka, ReceivedEventRepository events) {
        this.bootstrapServers = kafka.getBootstrapServers();
        this.events = events;
    }

    /**
     * Hands the events recorded on {@code topics} since {@code since} to {@code batches}, a poll's worth at a time.
     *
     * @param clientId names the consumer at the broker
     */
    void read(String clientId, List<String> topics, Instant since, Consumer<List<ReceivedEvent>> batches) {
        try (KafkaConsumer<String, CloudEvent> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500),
                new StringDeserializer(), new CloudEventDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
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
            while (!remaining.isEmpty()) {
                List<ReceivedEvent> batch = new ArrayList<>();
                for (ConsumerRecord<String, CloudEvent> record : consumer.poll(Duration.ofMillis(500))) {
                    Long end = remaining.get(new TopicPartition(record.topic(), record.partition()));
                    if (end != null && record.offset() < end && record.value() != null) {
                        batch.add(events.received(record.value(), record.topic()));
                    }
                }
                for (TopicPartition p : List.copyOf(remaining.keySet())) {
                    if (consumer.position(p) >= remaining.get(p)) {
                        remaining.remove(p);
                        consumer.pause(List.of(p));
                    }
                }
                if (!batch.isEmpty()) {
                    batches.accept(batch);
                }
            }
        }
    }
}
