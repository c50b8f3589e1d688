package de.rathaus.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import de.rathaus.testsupport.EventProbe;
import de.rathaus.testsupport.ServiceTestProperties;
import de.rathaus.testsupport.TestTokens;
import io.cloudevents.CloudEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox against real PostgreSQL and a real (embedded KRaft) broker: events are stored with the transaction,
 * nothing is lost while the broker is unreachable, everything goes out once it is back, in order per key, and
 * nothing is published twice by the relay.
 */
@SpringBootTest(classes = OutboxRelayIT.TestApp.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"spring.application.name=platform-test", "rathaus.outbox.source=urn:rathaus:test", "rathaus.outbox.auto-startup=false",
                // no web application, so no token validation: the platform's readiness group without its jwks
                "management.endpoint.health.group.readiness.include=readinessState,db",
                "rathaus.outbox.batch-size=100", "rathaus.outbox.send-timeout=3s",
                "rathaus.kafka.topics[0].name=rathaus.test.v1", "rathaus.kafka.topics[0].partitions=3"})
@EmbeddedKafka(partitions = 1)
class OutboxRelayIT {

    static final TestTokens tokens = new TestTokens();
    static final EventSpec TEST_EVENT = EventSpec.of("rathaus.test.v1", "de.rathaus.test.Happened.v1", "test.json");

    @Configuration
    @EnableAutoConfiguration
    static class TestApp {
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ServiceTestProperties.register(registry, "test_platform", tokens);
    }

    @AfterAll
    static void stopJwks() {
        tokens.close();
    }

    @Autowired
    EventOutbox outbox;
    @Autowired
    OutboxRelay relay;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    KafkaAdmin admin;
    @Autowired
    ProducerFactory<Object, Object> producerFactory;
    @Autowired
    OutboxProperties props;
    @Value("${spring.kafka.bootstrap-servers}")
    String brokers;

    @BeforeEach
    void emptyOutbox() {
        while (relay.relayOnce() > 0) {
            // drain what earlier tests left
        }
    }

    record Payload(String aggregate, int sequence) {
    }

    @Test
    void recordingOutsideATransactionIsRefused() {
        assertThatThrownBy(() -> outbox.record(TEST_EVENT, "a", "bochum", new Payload("a", 0)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRolledBackTransactionLeavesNoEvent() {
        long before = relay.pendingCount();
        tx.executeWithoutResult(status -> {
            outbox.record(TEST_EVENT, "rolled-back", "bochum", new Payload("rolled-back", 0));
            status.setRollbackOnly();
        });
        assertThat(relay.pendingCount()).isEqualTo(before);
    }

    @Test
    void nothingIsLostWhileTheBrokerIsDownAndEverythingGoesOutOnceInOrder() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> aggregates = List.of(run + "-a", run + "-b", run + "-c");
        for (int sequence = 0; sequence < 100; sequence++) {
            int s = sequence;
            tx.executeWithoutResult(status -> aggregates.forEach(a -> outbox.record(TEST_EVENT, a, "bochum", new Payload(a, s))));
        }
        assertThat(relay.pendingCount()).isEqualTo(300);

        Map<String, Object> unreachable = new LinkedHashMap<>();
        unreachable.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        @SuppressWarnings("unchecked")
        KafkaTemplate<String, Object> deadTemplate = new KafkaTemplate<>((DefaultKafkaProducerFactory<String, Object>)
                (DefaultKafkaProducerFactory<?, ?>) ((DefaultKafkaProducerFactory<Object, Object>) producerFactory)
                        .copyWithConfigurationOverride(unreachable));
        OutboxRelay brokerDown = new OutboxRelay(jdbc, tx, deadTemplate, admin, props, Clock.systemUTC());

        assertThat(brokerDown.relayOnce()).isZero();
        assertThat(brokerDown.relayOnce()).isZero();
        assertThat(jdbc.sql("select sum(attempts) from outbox_event where published_at is null").query(Long.class).single())
                .as("a round gives up at the first unreachable send instead of waiting max.block.ms for every row")
                .isEqualTo(2);
        assertThat(relay.pendingCount()).isEqualTo(300);
        assertThat(jdbc.sql("select count(*) from outbox_event where published_at is null and last_error is not null")
                .query(Long.class).single()).isPositive();
        deadTemplate.destroy();

        int published = 0;
        int round;
        while ((round = relay.relayOnce()) > 0) {
            published += round;
        }
        assertThat(published).isEqualTo(300);
        assertThat(relay.pendingCount()).isZero();
        assertThat(relay.relayOnce()).as("nothing is published twice").isZero();

        try (EventProbe probe = new EventProbe(brokers, "rathaus.test.v1")) {
            probe.await(r -> false, Duration.ofSeconds(3));
            for (String aggregate : aggregates) {
                List<ConsumerRecord<String, CloudEvent>> ofAggregate = probe.seen().stream()
                        .filter(r -> aggregate.equals(r.key())).toList();
                assertThat(ofAggregate).hasSize(100);
                List<String> sequences = new ArrayList<>();
                ofAggregate.forEach(r -> sequences.add(new String(r.value().getData().toBytes()).replaceAll(".*\"sequence\": ?(\\d+).*", "$1")));
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    expected.add(String.valueOf(i));
                }
                assertThat(sequences).as("order of %s", aggregate).containsExactlyElementsOf(expected);
                assertThat(ofAggregate.stream().map(r -> r.value().getId()).distinct()).hasSize(100);
                assertThat(ofAggregate.get(0).value().getExtension("tenant")).isEqualTo("bochum");
            }
        }
    }

    @Test
    void eventsRecordedAtTheSameInstantGoOutInTheOrderTheyWereRecorded() {
        String key = "same-instant-" + UUID.randomUUID().toString().substring(0, 8);
        tx.executeWithoutResult(status -> {
            for (int sequence = 0; sequence < 20; sequence++) {
                outbox.record(TEST_EVENT, key, "bochum", new Payload(key, sequence));
            }
        });
        // what a fixed clock (or two events within the clock's resolution) gives: one instant for all of them
        jdbc.sql("update outbox_event set occurred_at = timestamptz '2027-03-28 01:30:00+01' where message_key = :key")
                .param("key", key).update();
        while (relay.relayOnce() > 0) {
            // publish them
        }

        try (EventProbe probe = new EventProbe(brokers, "rathaus.test.v1")) {
            probe.await(r -> false, Duration.ofSeconds(3));
            List<String> sequences = probe.seen().stream().filter(r -> key.equals(r.key()))
                    .map(r -> new String(r.value().getData().toBytes()).replaceAll(".*\"sequence\": ?(\\d+).*", "$1"))
                    .toList();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                expected.add(String.valueOf(i));
            }
            assertThat(sequences).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void autovacuumAnalyzesOnlyTheColumnsQueriesLookAt() {
        // R__platform_outbox_statistics.sql: an analyze of the whole table was a CPU burst every minute under load
        List<String> analyzed = jdbc.sql("""
                select attname from pg_attribute
                where attrelid = 'outbox_event'::regclass and attnum > 0 and not attisdropped
                  and coalesce(attstattarget, -1) <> 0 order by attname""").query(String.class).list();
        assertThat(analyzed).containsExactly("id", "occurred_at", "published_at", "seq");
    }

    @Test
    void housekeepingForgetsOnlyWhatIsOlderThanItsRetention() {
        // keys of this run only: the database outlives a run, and runs under another (fake) time leave rows behind
        String published = "housekeeping-" + UUID.randomUUID();
        String pending = "housekeeping-pending-" + UUID.randomUUID();
        tx.executeWithoutResult(status -> outbox.record(TEST_EVENT, published, "bochum", new Payload("housekeeping", 0)));
        while (relay.relayOnce() > 0) {
            // publish it
        }
        String consumer = "test.housekeeping-" + UUID.randomUUID();
        java.time.Instant now = java.time.Instant.now();
        jdbc.sql("insert into processed_event (consumer, event_id, processed_at) values (:c, 'old', :old), (:c, 'recent', :recent)")
                .param("c", consumer)
                .param("old", java.sql.Timestamp.from(now.minus(java.time.Duration.ofDays(31))))
                .param("recent", java.sql.Timestamp.from(now.minus(java.time.Duration.ofDays(29))))
                .update();

        relay.cleanUp(now);
        assertThat(jdbc.sql("select event_id from processed_event where consumer = :c").param("c", consumer)
                .query(String.class).list()).containsExactly("recent");
        assertThat(jdbc.sql("select count(*) from outbox_event where message_key = :key").param("key", published).query(Long.class).single())
                .as("published today, kept for the outbox retention").isEqualTo(1);

        tx.executeWithoutResult(status -> outbox.record(TEST_EVENT, pending, "bochum", new Payload("housekeeping-pending", 0)));
        relay.cleanUp(now.plus(props.retention()).plusSeconds(1));
        assertThat(jdbc.sql("select count(*) from outbox_event where message_key = :key").param("key", published).query(Long.class).single())
                .as("deleted after the retention").isZero();
        assertThat(jdbc.sql("select count(*) from outbox_event where message_key = :key").param("key", pending).query(Long.class).single())
                .as("an unpublished event is never deleted").isEqualTo(1);
    }

    @Test
    void theCommitsOfOneLingerGoOutInOneRound() {
        OutboxProperties lingering = new OutboxProperties(props.source(), props.batchSize(), Duration.ofHours(1),
                Duration.ofSeconds(1), props.sendTimeout(), props.maxBackoff(), props.retention(), false,
                props.processedEventRetention());
        @SuppressWarnings("unchecked")
        KafkaTemplate<String, Object> template = new KafkaTemplate<>((ProducerFactory<String, Object>) (ProducerFactory<?, ?>) producerFactory);
        OutboxRelay lingeringRelay = new OutboxRelay(jdbc, tx, template, admin, lingering, Clock.systemUTC());
        String run = "linger-" + UUID.randomUUID().toString().substring(0, 8);
        lingeringRelay.start();
        try {
            // a first event makes sure the relay's first round (at start, without linger) is over
            tx.executeWithoutResult(status -> outbox.record(TEST_EVENT, run + "-first", "bochum", new Payload(run, -1)));
            lingeringRelay.wakeUp();
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                            "select count(*) from outbox_event where message_key = :key and published_at is null")
                    .param("key", run + "-first").query(Long.class).single() == 0);

            for (int sequence = 0; sequence < 3; sequence++) {
                int s = sequence;
                tx.executeWithoutResult(status -> outbox.record(TEST_EVENT, run, "bochum", new Payload(run, s)));
                lingeringRelay.wakeUp(); // what the outbox does after a commit (for the context's relay)
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                            "select count(*) from outbox_event where message_key = :key and published_at is null")
                    .param("key", run).query(Long.class).single() == 0);
            assertThat(jdbc.sql("select count(distinct published_at) from outbox_event where message_key = :key")
                    .param("key", run).query(Long.class).single())
                    .as("three commits within the linger are marked by one update of one round").isEqualTo(1);
        } finally {
            lingeringRelay.stop();
        }
    }
}
