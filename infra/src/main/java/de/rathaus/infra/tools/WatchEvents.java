package de.rathaus.infra.tools;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Prints the events of topics as they arrive (from the beginning): the CloudEvents attributes carried in the
 * {@code ce_*} headers and the JSON payload. For {@code infra/kafka-events.sh}; reads with a fresh consumer
 * group each time and commits nothing.
 */
public final class WatchEvents {

    private WatchEvents() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: kafka-events.sh TOPIC [TOPIC ...]   (e.g. rathaus.applications.v1)");
            System.exit(2);
        }
        String bootstrap = System.getenv().getOrDefault("RATHAUS_KAFKA_BOOTSTRAP", "127.0.0.1:" + System.getenv().getOrDefault("RATHAUS_KAFKA_PORT", "9092"));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "watch-events-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(args));
            Runtime.getRuntime().addShutdownHook(new Thread(consumer::wakeup));
            System.err.printf("Watching %s on %s (Ctrl-C to stop)%n", String.join(", ", args), bootstrap);
            while (true) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    print(record);
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException stopped) {
            // Ctrl-C
        }
    }

    private static void print(ConsumerRecord<String, byte[]> record) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%s[%d]@%d key=%s%n", record.topic(), record.partition(), record.offset(), record.key()));
        for (Header header : record.headers()) {
            if (header.key().startsWith("ce_") || header.key().equals("content-type")) {
                out.append(String.format("  %-18s %s%n", header.key(), new String(header.value(), StandardCharsets.UTF_8)));
            }
        }
        out.append("  data               ").append(record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8)).append('\n');
        System.out.println(out);
    }
}
