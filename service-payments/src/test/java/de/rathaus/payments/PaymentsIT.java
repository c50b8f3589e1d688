package de.rathaus.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import de.rathaus.testsupport.ApiClient.Response;
import de.rathaus.testsupport.EventProbe;
import de.rathaus.testsupport.EventSender;
import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The saga's entry: FeeDue creates exactly one payment and PaymentRequested, invalid records end in the dead-letter
 * topic; visibility per role and tenant.
 */
class PaymentsIT extends PaymentsApiTest {

    static final String FEE_DUE = "de.rathaus.applications.FeeDue.v1";
    static final String SUBMITTED = "de.rathaus.applications.ApplicationSubmitted.v1";

    static String feeDue(String applicationId, String citizen, long amount) {
        return """
                {"applicationId": "%s", "citizenId": "%s", "serviceTypeKey": "meldebescheinigung", "amountCents": %d,
                 "currency": "EUR", "description": "Meldebescheinigung", "refundOnRejection": true}"""
                .formatted(applicationId, citizen, amount);
    }

    @Test
    void aFeeDueBecomesExactlyOnePaymentEvenWhenRedeliveredOrRepeated() {
        String tenant = newTenant();
        String applicationId = UUID.randomUUID().toString();
        String citizen = "citizen-" + UUID.randomUUID();
        CloudEvent event = EventSender.event(FEE_DUE, applicationId, tenant, feeDue(applicationId, citizen, 1000));
        CloudEvent sameApplicationNewEventId = EventSender.event(FEE_DUE, applicationId, tenant, feeDue(applicationId, citizen, 1000));

        try (EventProbe probe = new EventProbe(brokers, "rathaus.payments.v1")) {
            try (EventSender sender = new EventSender(brokers)) {
                sender.send("rathaus.applications.v1", event);
                sender.send("rathaus.applications.v1", event);
                sender.send("rathaus.applications.v1", sameApplicationNewEventId);
                // ApplicationSubmitted no longer creates payments (FeeDue does)
                sender.send("rathaus.applications.v1", EventSender.event(SUBMITTED, applicationId, tenant, """
                        {"applicationId": "%s", "serviceType": "meldebescheinigung", "citizenId": "%s",
                         "feeAmountCents": 1000, "currency": "EUR"}""".formatted(applicationId, citizen)));
            }
            String token = tokens.citizen(citizen, tenant);
            await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/payments", token).json().size() > 0);
            // a marker event sent after the duplicates proves they have been consumed before we count
            String marker = UUID.randomUUID().toString();
            try (EventSender sender = new EventSender(brokers)) {
                sender.send("rathaus.applications.v1", EventSender.event(FEE_DUE, marker, tenant, feeDue(marker, citizen, 500)));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/payments", token).json().size() == 2);

            JsonNode payment = StreamSupport.stream(api.get("/api/v1/payments", token).json().spliterator(), false)
                    .filter(p -> !marker.equals(p.get("reference").get("id").asText())).findFirst().orElseThrow();
            assertThat(payment.get("reference").get("id").asText()).isEqualTo(applicationId);
            assertThat(payment.get("reference").get("kind").asText()).isEqualTo("APPLICATION");
            assertThat(payment.get("amountCents").asLong()).isEqualTo(1000);
            assertThat(payment.get("description").asText()).isEqualTo("Meldebescheinigung");
            assertThat(payment.get("status").asText()).isEqualTo("CREATED");
            assertThat(payment.get("finished").asBoolean()).isFalse();
            assertThat(bookings(tenant, "CLAIM_RAISED")).isEqualTo(2);
            assertJournalBalanced(tenant);

            String paymentId = payment.get("id").asText();
            CloudEvent requested = probe.await(r -> paymentId.equals(r.key()), Duration.ofSeconds(20)).orElseThrow().value();
            assertThat(requested.getType()).isEqualTo("de.rathaus.payments.PaymentRequested.v1");
            assertThat(requested.getExtension("tenant")).isEqualTo(tenant);
            assertThat(new String(requested.getData().toBytes(), StandardCharsets.UTF_8)).contains(applicationId).doesNotContain("Meldebescheinigung");
            probe.await(r -> r.value().getData() != null && new String(r.value().getData().toBytes(), StandardCharsets.UTF_8).contains(marker),
                    Duration.ofSeconds(20)).orElseThrow();
            assertThat(probe.seen().stream().filter(r -> new String(r.value().getData().toBytes(), StandardCharsets.UTF_8)
                    .contains(applicationId))).hasSize(1);
        }
    }

    @Test
    void citizensSeeTheirOwnPaymentsAndClerksTheirMunicipalitys() {
        String tenant = newTenant();
        String citizen = "citizen-" + UUID.randomUUID();
        String paymentId = createPayment(tenant, citizen, 1200).get("id").asText();

        assertThat(api.get("/api/v1/payments/" + paymentId, tokens.citizen(citizen, tenant)).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/payments/" + paymentId, tokens.citizen("someone-else", tenant)).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/payments/" + paymentId, tokens.clerk("clerk", "other-town")).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/payments/" + paymentId, tokens.clerk("clerk", tenant)).status()).isEqualTo(200);

        JsonNode tenantPayments = api.get("/api/v1/payments/backoffice/payments?status=CREATED", tokens.clerk("clerk", tenant)).json();
        assertThat(tenantPayments).extracting(p -> p.get("id").asText()).containsExactly(paymentId);
        assertThat(api.get("/api/v1/payments/backoffice/payments", tokens.clerk("clerk", "other-town")).json())
                .extracting(p -> p.get("id").asText()).doesNotContain(paymentId);
        assertThat(api.get("/api/v1/payments/backoffice/payments", tokens.citizen(citizen, tenant)).status()).isEqualTo(403);
        // someone else's payment cannot be started or cancelled by a citizen either
        assertThat(post("/api/v1/payments/" + paymentId + "/checkout", tokens.citizen("someone-else", tenant), "", UUID.randomUUID().toString())
                .status()).isEqualTo(404);
        assertThat(post("/api/v1/payments/" + paymentId + "/cancel", tokens.citizen("someone-else", tenant), "", UUID.randomUUID().toString())
                .status()).isEqualTo(404);
    }

    @Test
    void aRecordThatIsNoCloudEventEndsInTheDeadLetterTopic() {
        String key = UUID.randomUUID().toString();
        try (EventSender sender = new EventSender(brokers)) {
            sender.sendRaw("rathaus.applications.v1", key, "not a cloud event".getBytes(StandardCharsets.UTF_8));
        }
        ConsumerRecord<String, byte[]> record = awaitDeadLetter(key, Duration.ofSeconds(30));
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("not a cloud event");
        assertThat(record.headers().lastHeader("kafka_dlt-exception-fqcn")).isNotNull();
    }

    @Test
    void anInvalidFeeDueEndsInTheDeadLetterTopicAndCreatesNothing() {
        String tenant = newTenant();
        String citizen = "citizen-" + UUID.randomUUID();
        String applicationId = UUID.randomUUID().toString();
        // a fee in another currency: payments are EUR only
        String payload = feeDue(applicationId, citizen, 1000).replace("\"EUR\"", "\"USD\"");
        CloudEvent invalid = EventSender.event(FEE_DUE, applicationId, tenant, payload);
        try (EventSender sender = new EventSender(brokers)) {
            sender.send("rathaus.applications.v1", invalid);
        }

        // after the error handler's retries (backoff 1, 2, 4, 8 s) it is dead-lettered as it came, with the reason in the headers
        ConsumerRecord<String, byte[]> dead = awaitDeadLetter(applicationId, Duration.ofSeconds(60));
        assertThat(header(dead, "ce_id")).isEqualTo(invalid.getId());
        assertThat(header(dead, "ce_type")).isEqualTo(FEE_DUE);
        assertThat(header(dead, "ce_tenant")).isEqualTo(tenant);
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo(payload);
        assertThat(header(dead, "kafka_dlt-original-topic")).isEqualTo("rathaus.applications.v1");
        assertThat(header(dead, "kafka_dlt-exception-message")).contains("USD");

        // nothing was created or booked, and the event is not marked processed (it can be replayed once fixed)
        assertThat(jdbc.sql("select count(*) from payment where reference_id = :id").param("id", UUID.fromString(applicationId))
                .query(Long.class).single()).isZero();
        assertThat(bookings(tenant)).isZero();
        assertThat(jdbc.sql("select count(*) from processed_event where event_id = :id").param("id", invalid.getId())
                .query(Long.class).single()).isZero();

        // the consumer has moved on: the next FeeDue is processed
        String next = UUID.randomUUID().toString();
        try (EventSender sender = new EventSender(brokers)) {
            sender.send("rathaus.applications.v1", EventSender.event(FEE_DUE, next, tenant, feeDue(next, citizen, 1000)));
        }
        String token = tokens.citizen(citizen, tenant);
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/payments", token).json().size() == 1);
        JsonNode payment = api.get("/api/v1/payments", token).json().get(0);
        assertThat(payment.get("reference").get("id").asText()).isEqualTo(next);
        assertThat(payment.get("currency").asText()).isEqualTo("EUR");
    }

    /** Waits for the record with {@code key} on the dead-letter topic of the consumed applications topic. */
    private ConsumerRecord<String, byte[]> awaitDeadLetter(String key, Duration atMost) {
        try (KafkaConsumer<String, byte[]> dlt = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", brokers, "group.id", "dlt-probe-" + key, "auto.offset.reset", "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            dlt.subscribe(List.of("rathaus.applications.v1.rathaus.payments.dlt"));
            List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
            await().atMost(atMost).until(() -> {
                dlt.poll(Duration.ofMillis(200)).forEach(seen::add);
                return seen.stream().anyMatch(r -> key.equals(r.key()));
            });
            return seen.stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void myPaymentsNeedACitizenToken() {
        Response response = api.get("/api/v1/payments", tokens.clerk("clerk", "bochum"));
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.isProblem()).isTrue();
        assertThat(api.get("/api/v1/payments", null).status()).isEqualTo(401);
        assertThat(post("/api/v1/payments", null, createBody("x", 100, "APPLICATION"), "k").status()).isEqualTo(401);
        assertThat(post("/api/v1/payments", tokens.citizen("c", "bochum"), createBody("x", 100, "APPLICATION"), UUID.randomUUID().toString())
                .status()).isEqualTo(403);
    }
}
