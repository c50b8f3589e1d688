package de.rathaus.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import de.rathaus.testsupport.ApiClient.Response;
import de.rathaus.testsupport.EventProbe;
import de.rathaus.testsupport.EventSender;
import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The saga's entry: FeeDue creates exactly one payment and PaymentRequested; visibility per role and tenant. */
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

            JsonNode payment = api.get("/api/v1/payments", token).json().get(1);
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
        try (var dlt = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(java.util.Map.of(
                "bootstrap.servers", brokers, "group.id", "dlt-probe-" + key, "auto.offset.reset", "earliest"),
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            dlt.subscribe(java.util.List.of("rathaus.applications.v1.rathaus.payments.dlt"));
            java.util.List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> seen = new java.util.ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                dlt.poll(Duration.ofMillis(200)).forEach(seen::add);
                return seen.stream().anyMatch(r -> key.equals(r.key()));
            });
            var record = seen.stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("not a cloud event");
            assertThat(record.headers().lastHeader("kafka_dlt-exception-fqcn")).isNotNull();
        }
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
