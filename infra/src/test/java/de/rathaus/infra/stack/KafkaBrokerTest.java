package de.rathaus.infra.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Starts the real broker (on test ports) and checks topics, records and a stop/start on the same data. */
class KafkaBrokerTest {

    private static final String TOPIC = "rathaus.infra-test";

    @Test
    void brokerServesRecordsAndKeepsThemAcrossARestart() throws Exception {
        StackConfig config = TestStacks.config(Component.KAFKA).resetKafka(true).build();
        long pid;
        try (LocalStack stack = LocalStack.start(config)) {
            assertThat(stack.pids()).containsOnlyKeys("kafka");
            pid = stack.pids().get("kafka");
            assertThat(stack.rssKib().get("kafka")).isPositive();
            assertThat(stack.startupTimes()).containsKey(Component.KAFKA);

            try (Admin admin = admin(stack)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            send(stack.kafkaBootstrap(), "before restart");
            assertThat(readAll(stack.kafkaBootstrap(), 1)).containsExactly("before restart");

            stack.stopKafka();
            assertThat(stack.isKafkaRunning()).isFalse();
            assertThat(stack.pids()).doesNotContainKey("kafka");
            assertThat(Readiness.acceptsTcp("127.0.0.1", config.kafkaPort())).isFalse();

            stack.startKafka();
            assertThat(stack.isKafkaRunning()).isTrue();
            send(stack.kafkaBootstrap(), "after restart");
            assertThat(readAll(stack.kafkaBootstrap(), 2)).containsExactly("before restart", "after restart");

            try (Admin admin = admin(stack)) {
                Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                assertThat(topics).contains(TOPIC).doesNotContain("rathaus.never-created");
            }
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .as("broker stopped by close()").isFalse();
    }

    @Test
    void topicsAreNotCreatedAutomatically() throws Exception {
        StackConfig config = TestStacks.config(Component.KAFKA).build();
        try (LocalStack stack = LocalStack.start(config)) {
            Properties properties = producerProperties(stack.kafkaBootstrap());
            properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties)) {
                var result = producer.send(new ProducerRecord<>("rathaus.never-created", "x"));
                assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS))
                        .hasMessageContaining("rathaus.never-created");
            }
        }
    }

    private static Admin admin(LocalStack stack) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()));
    }

    private static void send(String bootstrap, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties(bootstrap))) {
            producer.send(new ProducerRecord<>(TOPIC, "key", value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static Properties producerProperties(String bootstrap) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        return properties;
    }

    private static List<String> readAll(String bootstrap, int expected) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
