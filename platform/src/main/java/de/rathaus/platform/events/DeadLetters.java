package de.rathaus.platform.events;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * The dead-letter topics of this service's consumer group ({@code <topic>.<group>.dlt}) and their redrive: an
 * operator, once the cause of the failures is fixed, sends a consumer's dead letters back to the topic they came
 * from, where the consumer (and only it, as every other consumer already processed them and deduplicates on
 * {@code ce_id}) handles them again. Run through the {@code deadletters} actuator endpoint
 * ({@link DeadLettersEndpoint}).
 * <p>
 * A redrive takes the records that are in the dead-letter topic when it starts and that no earlier redrive took:
 * what it took is committed under the consumer group {@code <group>.redrive}, so nothing is sent twice by
 * two redrives one after the other, and a record that fails again and returns to the dead-letter topic waits for the
 * next redrive instead of circling. Each record goes back unchanged (key, value, CloudEvents headers) to its original
 * partition, without the dead-letter headers and with {@code rathaus_redriven_from} naming where it was. Should a
 * redrive break off between sending and committing, the next one sends those records again; consumers are
 * idempotent. One redrive per topic runs at a time in a service instance.
 */
public class DeadLetters {

    /** Names the dead-letter record a redriven record was: {@code <dead-letter topic>/<partition>/<offset>}. */
    public static final String REDRIVEN_FROM = "rathaus_redriven_from";
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final Map<String, Object> consumerConfig;
    private final Map<String, Object> producerConfig;
    private final String groupId;
    private final Duration timeout;
    private final Map<String, Object> running = new ConcurrentHashMap<>();

    /**
     * @param consumerConfig the service's consumer settings (brokers, security); group and offsets are set here
     * @param producerConfig the service's producer settings
     * @param groupId        the consumer group whose dead letters these are
     * @param timeout        longest time a redrive may take
     */
    public DeadLetters(Map<String, Object> consumerConfig, Map<String, Object> producerConfig, String groupId, Duration timeout) {
        Map<String, Object> consumer = new HashMap<>(consumerConfig);
        consumer.remove(ConsumerConfig.CLIENT_ID_CONFIG);
        consumer.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, groupId + ".redrive");
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        this.consumerConfig = Map.copyOf(consumer);
        Map<String, Object> producer = new HashMap<>(producerConfig);
        producer.remove(ProducerConfig.CLIENT_ID_CONFIG);
        producer.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        this.producerConfig = Map.copyOf(producer);
        this.groupId = groupId;
        this.timeout = timeout;
    }

    /** One consumer's dead letters: the topic it consumes, its dead-letter topic, records not redriven yet. */
    public record Topic(String topic, String deadLetterTopic, long waiting) {
    }

    /** The dead-letter topics of the group that exist on the broker. */
    public List<Topic> topics() {
        String suffix = TopicsProperties.deadLetterTopic("", groupId);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<Topic> topics = new ArrayList<>();
            consumer.listTopics().forEach((name, partitions) -> {
                if (name.endsWith(suffix) && name.length() > suffix.length()) {
                    Set<TopicPartition> all = partitions(partitions);
                    topics.add(new Topic(name.substring(0, name.length() - suffix.length()), name, waiting(consumer, all)));
                }
            });
            topics.sort(Comparator.comparing(Topic::topic));
            return topics;
        }
    }

    /**
     * Sends the dead letters of the consumer of {@code topic} back to {@code topic}.
     *
     * @return how many records were sent back, or -1 if the group has no dead-letter topic for {@code topic}
     */
    public int redrive(String topic) {
        String deadLetterTopic = TopicsProperties.deadLetterTopic(topic, groupId);
        synchronized (running.computeIfAbsent(deadLetterTopic, key -> new Object())) {
            try (KafkaConsumer<byte[], byte[]> consumer = consumer();
                 KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer())) {
                List<PartitionInfo> partitions = consumer.listTopics().get(deadLetterTopic);
                if (partitions == null) {
                    return -1;
                }
                int targetPartitions = producer.partitionsFor(topic).size();
                int sent = send(consumer, producer, partitions(partitions), topic, targetPartitions);
                log.info("Redrive: {} record(s) of {} sent back to {}", sent, deadLetterTopic, topic);
                return sent;
            }
        }
    }

    private int send(KafkaConsumer<byte[], byte[]> consumer, KafkaProducer<byte[], byte[]> producer,
                     Set<TopicPartition> partitions, String topic, int targetPartitions) {
        consumer.assign(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(partitions);
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata done = committed.get(partition);
            if (done == null) {
                consumer.seekToBeginning(Set.of(partition));
            } else {
                consumer.seek(partition, done.offset());
            }
        }
        List<Future<?>> sends = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Redrive of " + partitions + " did not finish within " + timeout);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                    sends.add(producer.send(backToOrigin(record, topic, targetPartitions)));
                }
            }
        }
        awaitAll(sends);
        Map<TopicPartition, OffsetAndMetadata> taken = new HashMap<>();
        end.forEach((partition, offset) -> taken.put(partition, new OffsetAndMetadata(offset)));
        consumer.commitSync(taken);
        return sends.size();
    }

    static ProducerRecord<byte[], byte[]> backToOrigin(ConsumerRecord<byte[], byte[]> dead, String topic, int targetPartitions) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : dead.headers()) {
            if (!header.key().startsWith(KafkaHeaders.PREFIX + "dlt-")) {
                headers.add(header);
            }
        }
        headers.add(REDRIVEN_FROM, "%s/%d/%d".formatted(dead.topic(), dead.partition(), dead.offset())
                .getBytes(StandardCharsets.UTF_8));
        Header original = dead.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION);
        Integer partition = original != null && original.value().length == Integer.BYTES
                ? ByteBuffer.wrap(original.value()).getInt() : null;
        if (partition != null && (partition < 0 || partition >= targetPartitions)) {
            partition = null;
        }
        return new ProducerRecord<>(topic, partition, dead.key(), dead.value(), headers);
    }

    private static long waiting(KafkaConsumer<byte[], byte[]> consumer, Set<TopicPartition> partitions) {
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(partitions);
        long waiting = 0;
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata done = committed.get(partition);
            waiting += end.get(partition) - Math.max(beginning.get(partition), done == null ? 0 : done.offset());
        }
        return waiting;
    }

    private static Set<TopicPartition> partitions(List<PartitionInfo> partitions) {
        Set<TopicPartition> all = new HashSet<>();
        partitions.forEach(p -> all.add(new TopicPartition(p.topic(), p.partition())));
        return all;
    }

    private static void awaitAll(List<Future<?>> sends) {
        for (Future<?> send : sends) {
            try {
                send.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Redrive interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("Redrive failed: a record could not be sent back", e.getCause());
            }
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
