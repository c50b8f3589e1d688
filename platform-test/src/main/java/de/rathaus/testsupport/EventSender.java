package de.rathaus.testsupport;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventSerializer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes events the way another service's outbox relay does (CloudEvents binary mode), or raw garbage. */
public final class EventSender implements AutoCloseable {

    private final KafkaProducer<String, CloudEvent> producer;
    private final KafkaProducer<String, byte[]> rawProducer;

    public EventSender(String bootstrapServers) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producer = new KafkaProducer<>(config, new StringSerializer(), new CloudEventSerializer());
        rawProducer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    public static CloudEvent event(String id, String type, String subject, String tenant, String jsonData) {
        return CloudEventBuilder.v1()
                .withId(id)
                .withSource(URI.create("urn:rathaus:test"))
                .withType(type)
                .withSubject(subject)
                .withTime(OffsetDateTime.now())
                .withDataContentType("application/json")
                .withExtension("tenant", tenant)
                .withData(jsonData.getBytes(StandardCharsets.UTF_8))
                .build();
    }

    public static CloudEvent event(String type, String subject, String tenant, String jsonData) {
        return event(UUID.randomUUID().toString(), type, subject, tenant, jsonData);
    }

    public void send(String topic, CloudEvent event) {
        await(() -> producer.send(new ProducerRecord<>(topic, event.getSubject(), event)).get());
    }

    public void sendRaw(String topic, String key, byte[] value) {
        await(() -> rawProducer.send(new ProducerRecord<>(topic, key, value)).get());
    }

    private interface Send {
        Object run() throws InterruptedException, ExecutionException;
    }

    private static void await(Send send) {
        try {
            send.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("send failed", e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
        rawProducer.close();
    }
}
