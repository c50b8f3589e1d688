package de.rathaus.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import de.rathaus.testsupport.ApiClient;
import de.rathaus.testsupport.ApiClient.Response;
import de.rathaus.testsupport.EventSender;
import de.rathaus.testsupport.LocalPostgres;
import de.rathaus.testsupport.TestTokens;
import io.cloudevents.CloudEvent;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.stereotype.Component;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A consumer on real PostgreSQL (behind a proxy the test can cut) and a real broker: a record that fails because the
 * database is unreachable waits until it is back and is then handled, while the {@code kafkaConsumers} health
 * indicator reports it; a poison record goes to the dead-letter topic at once; an unexpected failure after a few
 * retries; and an operator redrives a consumer's dead letters to the topic they came from.
 */
@SpringBootTest(classes = ConsumerFailuresIT.TestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.application.name=platform-consumer-test", "rathaus.outbox.source=urn:rathaus:test",
                "rathaus.outbox.auto-startup=false", "rathaus.kafka.consumed-topics[0]=" + ConsumerFailuresIT.TOPIC,
                "spring.kafka.consumer.group-id=platform-consumer-test", "spring.kafka.consumer.auto-offset-reset=earliest",
                "rathaus.kafka.retry.initial-interval=100ms", "rathaus.kafka.retry.max-interval=500ms",
                "rathaus.kafka.retry.attempts=2",
                "spring.datasource.hikari.connection-timeout=1000", "spring.datasource.hikari.validation-timeout=250"})
@EmbeddedKafka(partitions = 1, topics = ConsumerFailuresIT.TOPIC)
class ConsumerFailuresIT {

    static final String TOPIC = "rathaus.test.saga.v1";
    static final String DEAD_LETTERS = TOPIC + ".platform-consumer-test.dlt";
    static final String TYPE = "de.rathaus.test.StepDue.v1";
    static final TestTokens tokens = new TestTokens();
    static final LocalPostgres.Database database = LocalPostgres.ensureDatabase("test_platform_consumer");
    static final DatabaseOutage outage = new DatabaseOutage(database.jdbcUrl());

    @Configuration
    @EnableAutoConfiguration
    @Import({SagaListener.class, Handled.class})
    static class TestApp {
    }

    /** What the listener's handler did per event id, and the failures the test asks of it. */
    @Component
    static class Handled {
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        final Map<String, RuntimeException> failures = new ConcurrentHashMap<>();

        void handle(CloudEvent event) {
            calls.computeIfAbsent(event.getId(), id -> new AtomicInteger()).incrementAndGet();
            RuntimeException failure = failures.get(event.getId());
            if (failure != null) {
                throw failure;
            }
        }

        int calls(CloudEvent event) {
            AtomicInteger count = calls.get(event.getId());
            return count == null ? 0 : count.get();
        }
    }

    @Component
    static class SagaListener {
        private final IdempotentConsumer consumer;
        private final Handled handled;

        SagaListener(IdempotentConsumer consumer, Handled handled) {
            this.consumer = consumer;
            this.handled = handled;
        }

        @KafkaListener(topics = TOPIC)
        void on(CloudEvent event) {
            consumer.handle("test.saga-step", event, handled::handle);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> outage.jdbcUrl(database.jdbcUrl()));
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", database::password);
        registry.add("spring.kafka.bootstrap-servers", () -> System.getProperty("spring.embedded.kafka.brokers"));
        registry.add("rathaus.security.issuer-uri", tokens::issuer);
    }

    @AfterAll
    static void stop() {
        outage.close();
        tokens.close();
    }

    @Autowired
    Handled handled;
    @Autowired
    ConsumerRetries retries;
    @Autowired
    JdbcClient jdbc;
    @Value("${spring.kafka.bootstrap-servers}")
    String brokers;
    @LocalServerPort
    int port;
    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient("http://127.0.0.1:" + port);
    }

    @AfterEach
    void causesFixed() {
        outage.end();
        handled.failures.clear();
    }

    CloudEvent send(String purpose) {
        CloudEvent event = EventSender.event(TYPE, purpose + "-" + UUID.randomUUID(), "bochum", "{\"step\":1}");
        try (EventSender sender = new EventSender(brokers)) {
            sender.send(TOPIC, event);
        }
        return event;
    }

    int attemptsOnThePartition() {
        Health health = retries.health();
        return health.getDetails().get(TOPIC + "-0") instanceof Map<?, ?> partition
                ? (Integer) partition.get("attempts")
                : 0;
    }

    boolean processed(CloudEvent event) {
        return jdbc.sql("select count(*) from processed_event where consumer = 'test.saga-step' and event_id = :id")
                .param("id", event.getId()).query(Long.class).single() == 1;
    }

    @Test
    void aRecordThatFailsWhileTheDatabaseIsUnreachableWaitsForItAndIsHandledOnce() {
        outage.begin();
        CloudEvent event = send("outage");

        // more attempts than the four retries every failure used to get before it was dead-lettered
        await().atMost(Duration.ofSeconds(90)).until(() -> attemptsOnThePartition() >= 6);
        Health meanwhile = retries.health();
        assertThat(meanwhile.getStatus()).isEqualTo(Status.DOWN);
        assertThat(meanwhile.getDetails().get(TOPIC + "-0").toString()).contains("Connection");
        assertThat(handled.calls(event)).as("the handler never ran: no transaction could begin").isZero();

        outage.end();
        // the pool reconnects at its own pace: until then the test's query may fail as well
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> processed(event));
        assertThat(handled.calls(event)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> retries.health().getStatus().equals(Status.UP));
        assertThat(deadLetter(event, Duration.ofSeconds(2))).as("nothing was dead-lettered").isNull();
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAtOnce() {
        CloudEvent event = EventSender.event(TYPE, "poison-" + UUID.randomUUID(), "bochum", "{\"step\":1}");
        handled.failures.put(event.getId(), new IllegalArgumentException("step 1 is unknown"));
        try (EventSender sender = new EventSender(brokers)) {
            sender.send(TOPIC, event);
        }

        ConsumerRecord<String, byte[]> dead = deadLetter(event, Duration.ofSeconds(30));
        assertThat(dead).isNotNull();
        assertThat(header(dead, "kafka_dlt-exception-message")).contains("step 1 is unknown");
        assertThat(handled.calls(event)).as("no retry can help a poison record").isEqualTo(1);
        assertThat(processed(event)).isFalse();
    }

    @Test
    void anUnexpectedFailureIsRetriedAFewTimesAndThenDeadLettered() {
        CloudEvent event = EventSender.event(TYPE, "bug-" + UUID.randomUUID(), "bochum", "{\"step\":1}");
        handled.failures.put(event.getId(), new IllegalStateException("a bug"));
        try (EventSender sender = new EventSender(brokers)) {
            sender.send(TOPIC, event);
        }

        assertThat(deadLetter(event, Duration.ofSeconds(30))).isNotNull();
        assertThat(handled.calls(event)).as("the first attempt and rathaus.kafka.retry.attempts retries").isEqualTo(3);
        assertThat(retries.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void anOperatorRedrivesAConsumersDeadLettersToTheTopicTheyCameFrom() {
        CloudEvent event = EventSender.event(TYPE, "redrive-" + UUID.randomUUID(), "bochum", "{\"step\":1}");
        handled.failures.put(event.getId(), new IllegalArgumentException("office 7 is unknown"));
        try (EventSender sender = new EventSender(brokers)) {
            sender.send(TOPIC, event);
        }
        assertThat(deadLetter(event, Duration.ofSeconds(30))).isNotNull();
        handled.failures.clear(); // the office was created: the cause is fixed

        String operator = tokens.token("ops-" + UUID.randomUUID(), null, List.of("system", "operator"));
        JsonNode topics = get("/actuator/deadletters", operator).json().get("topics");
        JsonNode ours = topicEntry(topics);
        assertThat(ours.get("deadLetterTopic").asText()).isEqualTo(DEAD_LETTERS);
        assertThat(ours.get("waiting").asLong()).isPositive();

        Response redrive = post("/actuator/deadletters/" + TOPIC, operator);
        assertThat(redrive.status()).as(redrive.toString()).isEqualTo(200);
        assertThat(redrive.json().get("redriven").asInt()).isPositive();
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(event));
        assertThat(handled.calls(event)).as("the failed attempt and the redriven one").isEqualTo(2);

        assertThat(post("/actuator/deadletters/" + TOPIC, operator).json().get("redriven").asInt())
                .as("a second redrive sends nothing twice").isZero();
        assertThat(topicEntry(get("/actuator/deadletters", operator).json().get("topics")).get("waiting").asLong()).isZero();
        assertThat(post("/actuator/deadletters/rathaus.unknown.v1", operator).status()).isEqualTo(404);
    }

    @Test
    void onlyOperatorsSeeAndRedriveDeadLetters() {
        assertThat(get("/actuator/deadletters", null).status()).isEqualTo(401);
        assertThat(get("/actuator/deadletters", tokens.token("finance-system", null, List.of("system"))).status()).isEqualTo(403);
        assertThat(post("/actuator/deadletters/" + TOPIC, tokens.token("admin", "bochum", List.of("admin"))).status()).isEqualTo(403);
        assertThat(post("/actuator/deadletters/" + TOPIC, tokens.citizen("anna", "bochum")).status()).isEqualTo(403);
    }

    Response get(String path, String token) {
        return api.get(path, token);
    }

    Response post(String path, String token) {
        return api.send(api.request(path, token).POST(HttpRequest.BodyPublishers.noBody()), Map.of());
    }

    static JsonNode topicEntry(JsonNode topics) {
        for (JsonNode topic : topics) {
            if (TOPIC.equals(topic.get("topic").asText())) {
                return topic;
            }
        }
        throw new AssertionError("no dead-letter topic of " + TOPIC + " in " + topics);
    }

    /** The dead letter of {@code event}, or null if none arrived within {@code atMost}. */
    ConsumerRecord<String, byte[]> deadLetter(CloudEvent event, Duration atMost) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", brokers, "group.id", "dlt-probe-" + UUID.randomUUID(), "auto.offset.reset", "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(DEAD_LETTERS));
            List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
            long deadline = System.nanoTime() + atMost.toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                for (ConsumerRecord<String, byte[]> record : seen) {
                    if (event.getId().equals(header(record, "ce_id"))) {
                        return record;
                    }
                }
            }
            return null;
        }
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
