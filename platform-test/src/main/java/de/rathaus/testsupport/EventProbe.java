package de.rathaus.testsupport;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from the beginning with the CloudEvents SDK's deserializer, so a test sees exactly what any
 * subscriber would: an event that arrives here is a valid binary-mode CloudEvent.
 */
public final class EventProbe implements AutoCloseable {

    private final KafkaConsumer<String, CloudEvent> consumer;
    private final List<ConsumerRecord<String, CloudEvent>> seen = new ArrayList<>();

    public EventProbe(String bootstrapServers, String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new CloudEventDeserializer());
        consumer.subscribe(List.of(topic));
    }

    /** Polls until a record matching {@code condition} arrived or {@code timeout} passed. */
    public Optional<ConsumerRecord<String, CloudEvent>> await(Predicate<ConsumerRecord<String, CloudEvent>> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            Optional<ConsumerRecord<String, CloudEvent>> match = seen.stream().filter(condition).findFirst();
            if (match.isPresent()) {
                return match;
            }
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        } while (System.nanoTime() < deadline);
        return seen.stream().filter(condition).findFirst();
    }

    public List<ConsumerRecord<String, CloudEvent>> seen() {
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
