package de.rathaus.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import de.rathaus.testsupport.ApiClient;
import de.rathaus.testsupport.ApiClient.Response;
import de.rathaus.testsupport.EventProbe;
import de.rathaus.testsupport.ServiceApiTest;
import de.rathaus.testsupport.EventSender;
import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

@EmbeddedKafka(partitions = 1, topics = "rathaus.applications.v1")
class PaymentsIT extends ServiceApiTest {

    static final String SUBMITTED = "de.rathaus.applications.ApplicationSubmitted.v1";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        register(registry, "test_payments");
    }

    static String submitted(String applicationId, String citizen, long fee) {
        return """
                {"applicationId": "%s", "serviceType": "meldebescheinigung", "citizenId": "%s",
                 "feeAmountCents": %d, "currency": "EUR"}""".formatted(applicationId, citizen, fee);
    }

    @Test
    void aSubmittedApplicationWithAFeeBecomesExactlyOnePaymentRequestEvenWhenRedelivered() {
        String applicationId = UUID.randomUUID().toString();
        String citizen = "citizen-" + UUID.randomUUID();
        CloudEvent event = EventSender.event(SUBMITTED, applicationId, "bochum", submitted(applicationId, citizen, 1000));
        CloudEvent sameApplicationNewEventId = EventSender.event(SUBMITTED, applicationId, "bochum", submitted(applicationId, citizen, 1000));

        try (EventSender sender = new EventSender(brokers)) {
            sender.send("rathaus.applications.v1", event);
            sender.send("rathaus.applications.v1", event);
            sender.send("rathaus.applications.v1", sameApplicationNewEventId);
        }

        String token = tokens.citizen(citizen, "bochum");
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/payments", token).json().size() > 0);
        // a marker event sent after the duplicates proves they have been consumed before we count
        String marker = UUID.randomUUID().toString();
        try (EventSender sender = new EventSender(brokers)) {
            sender.send("rathaus.applications.v1", EventSender.event(SUBMITTED, marker, "bochum", submitted(marker, citizen, 500)));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/payments", token).json().size() == 2);

        JsonNode payments = api.get("/api/v1/payments", token).json();
        JsonNode payment = payments.get(1);
        assertThat(payment.get("reference").get("id").asText()).isEqualTo(applicationId);
        assertThat(payment.get("reference").get("kind").asText()).isEqualTo("APPLICATION");
        assertThat(payment.get("amountCents").asLong()).isEqualTo(1000);
        assertThat(payment.get("status").asText()).isEqualTo("CREATED");

        String paymentId = payment.get("id").asText();
        assertThat(api.get("/api/v1/payments/" + paymentId, token).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/payments/" + paymentId, tokens.citizen("someone-else", "bochum")).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/payments/" + paymentId, tokens.clerk("clerk", "soest")).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/payments/" + paymentId, tokens.clerk("clerk", "bochum")).status()).isEqualTo(200);

        try (EventProbe probe = new EventProbe(brokers, "rathaus.payments.v1")) {
            CloudEvent requested = probe.await(r -> paymentId.equals(r.key()), Duration.ofSeconds(20)).orElseThrow().value();
            assertThat(requested.getType()).isEqualTo("de.rathaus.payments.PaymentRequested.v1");
            assertThat(requested.getExtension("tenant")).isEqualTo("bochum");
            assertThat(new String(requested.getData().toBytes(), StandardCharsets.UTF_8)).contains(applicationId);
            assertThat(probe.seen().stream().filter(r -> r.value().getData() != null
                    && new String(r.value().getData().toBytes(), StandardCharsets.UTF_8).contains(applicationId))).hasSize(1);
        }
    }

    @Test
    void freeServicesCreateNoPayment() {
        String applicationId = UUID.randomUUID().toString();
        String citizen = "citizen-" + UUID.randomUUID();
        String marker = UUID.randomUUID().toString();
        try (EventSender sender = new EventSender(brokers)) {
            sender.send("rathaus.applications.v1", EventSender.event(SUBMITTED, applicationId, "bochum", submitted(applicationId, citizen, 0)));
            sender.send("rathaus.applications.v1", EventSender.event(SUBMITTED, marker, "bochum", submitted(marker, citizen, 700)));
        }
        String token = tokens.citizen(citizen, "bochum");
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/payments", token).json().size() > 0);

        JsonNode payments = api.get("/api/v1/payments", token).json();
        assertThat(payments).hasSize(1);
        assertThat(payments.get(0).get("reference").get("id").asText()).isEqualTo(marker);
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
    void paymentsNeedACitizenToken() {
        Response response = api.get("/api/v1/payments", tokens.clerk("clerk", "bochum"));
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.isProblem()).isTrue();
        assertThat(api.get("/api/v1/payments", null).status()).isEqualTo(401);
    }
}
