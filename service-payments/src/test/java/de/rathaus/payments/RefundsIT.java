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
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Partial and full refunds, the refundable-amount guard, and RefundRequested of the application saga. */
class RefundsIT extends PaymentsApiTest {

    /** A payment of {@code amount} for application {@code applicationId}, paid through a signed notification. */
    String paidPayment(String tenant, String citizen, long amount, String applicationId) {
        Response created = post("/api/v1/payments", tokens.clerk("clerk", tenant), """
                {"reference": {"kind": "APPLICATION", "id": "%s"}, "payerId": "%s", "amountCents": %d, "currency": "EUR",
                 "description": "Gewerbeanmeldung"}""".formatted(applicationId, citizen, amount), UUID.randomUUID().toString());
        assertThat(created.status()).isEqualTo(201);
        String paymentId = created.json().get("id").asText();
        String token = tokens.citizen(citizen, tenant);
        assertThat(pressButton(checkoutId(startCheckout(paymentId, token)), "pay").status()).isEqualTo(303);
        awaitStatus(paymentId, token, "SUCCEEDED");
        return paymentId;
    }

    Response refund(String tenant, String paymentId, String body) {
        return post("/api/v1/payments/" + paymentId + "/refunds", tokens.clerk("clerk", tenant), body, UUID.randomUUID().toString());
    }

    @Test
    void partialAndFullRefundsNeverExceedWhatWasPaid() {
        String tenant = newTenant();
        String citizen = "citizen-" + UUID.randomUUID();
        String paymentId = paidPayment(tenant, citizen, 5000, UUID.randomUUID().toString());

        try (EventProbe probe = new EventProbe(brokers, "rathaus.payments.v1")) {
            Response partial = refund(tenant, paymentId, "{\"amountCents\": 1000, \"reason\": \"Teilerstattung\"}");
            assertThat(partial.status()).as(partial.toString()).isEqualTo(201);
            assertThat(partial.json().get("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(partial.json().get("amountCents").asLong()).isEqualTo(1000);

            Response over = refund(tenant, paymentId, "{\"amountCents\": 4001}");
            assertThat(over.status()).isEqualTo(409);
            assertThat(over.isProblem()).isTrue();
            assertThat(over.json().get("detail").asText()).contains("4000");

            Response rest = refund(tenant, paymentId, "{}");
            assertThat(rest.status()).isEqualTo(201);
            assertThat(rest.json().get("amountCents").asLong()).isEqualTo(4000);
            assertThat(refund(tenant, paymentId, "{}").status()).isEqualTo(409);
            assertThat(refund(tenant, paymentId, "{\"amountCents\": 1}").status()).isEqualTo(409);

            JsonNode payment = api.get("/api/v1/payments/" + paymentId, tokens.citizen(citizen, tenant)).json();
            assertThat(payment.get("amountRefundedCents").asLong()).isEqualTo(5000);
            assertThat(payment.get("amountAvailableCents").asLong()).isZero();
            assertThat(api.get("/api/v1/payments/" + paymentId + "/refunds", tokens.citizen(citizen, tenant)).json()).hasSize(2);
            assertThat(bookings(tenant, "REFUND_PAID")).isEqualTo(2);
            assertThat(balance(tenant, "BANK_CLEARING")).isZero();
            assertThat(balance(tenant, "REFUNDS")).isEqualTo(5000);
            assertJournalBalanced(tenant);

            CloudEvent last = probe.await(r -> paymentId.equals(r.key()) && r.value().getType().endsWith("PaymentRefunded.v1")
                    && new String(r.value().getData().toBytes(), StandardCharsets.UTF_8).matches("(?s).*\"refundAmountCents\":\\s*4000.*"),
                    Duration.ofSeconds(20)).orElseThrow().value();
            assertThat(new String(last.getData().toBytes(), StandardCharsets.UTF_8)).containsPattern("\"remainingRefundableCents\":\\s*0");
        }
    }

    @Test
    void onlySucceededPaymentsOfTheOwnMunicipalityAreRefundedByClerks() {
        String tenant = newTenant();
        String citizen = "citizen-" + UUID.randomUUID();
        String open = createPayment(tenant, citizen, 300).get("id").asText();
        assertThat(refund(tenant, open, "{\"amountCents\": 100}").status()).isEqualTo(409);
        String paid = paidPayment(tenant, citizen, 300, UUID.randomUUID().toString());
        assertThat(refund("other-town", paid, "{\"amountCents\": 100}").status()).isEqualTo(404);
        assertThat(post("/api/v1/payments/" + paid + "/refunds", tokens.citizen(citizen, tenant), "{\"amountCents\": 100}",
                UUID.randomUUID().toString()).status()).isEqualTo(403);
        assertThat(refund(tenant, paid, "{\"amountCents\": 0}").status()).isEqualTo(400);
        assertThat(refund(tenant, paid, "{\"amountCents\": -5}").status()).isEqualTo(400);
        assertThat(bookings(tenant, "REFUND_PAID")).isZero();
    }

    @Test
    void concurrentRefundsTogetherNeverExceedThePayment() throws Exception {
        String tenant = newTenant();
        String paymentId = paidPayment(tenant, "citizen-" + UUID.randomUUID(), 5000, UUID.randomUUID().toString());
        int parallel = 10;
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> responses = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                responses.add(pool.submit(() -> {
                    start.await();
                    return refund(tenant, paymentId, "{\"amountCents\": 1000}");
                }));
            }
            start.countDown();
            int created = 0;
            for (Future<Response> response : responses) {
                int status = response.get().status();
                assertThat(status).isIn(201, 409);
                created += status == 201 ? 1 : 0;
            }
            assertThat(created).isEqualTo(5);
            assertThat(balance(tenant, "REFUNDS")).isEqualTo(5000);
            assertJournalBalanced(tenant);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refundRequestedRefundsTheApplicationsPaymentOnceEvenWhenRedelivered() {
        String tenant = newTenant();
        String citizen = "citizen-" + UUID.randomUUID();
        String applicationId = UUID.randomUUID().toString();
        String paymentId = paidPayment(tenant, citizen, 2000, applicationId);
        String payload = """
                {"applicationId": "%s", "citizenId": "%s", "serviceTypeKey": "gewerbeanmeldung", "reason": "Antrag abgelehnt"}"""
                .formatted(applicationId, citizen);
        CloudEvent event = EventSender.event("de.rathaus.applications.RefundRequested.v1", applicationId, tenant, payload);
        try (EventSender sender = new EventSender(brokers)) {
            sender.send("rathaus.applications.v1", event);
            sender.send("rathaus.applications.v1", event);
            sender.send("rathaus.applications.v1", EventSender.event("de.rathaus.applications.RefundRequested.v1", applicationId, tenant, payload));
        }
        String clerk = tokens.clerk("clerk", tenant);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode refunds = api.get("/api/v1/payments/" + paymentId + "/refunds", clerk).json();
            return refunds.size() == 1 && "SUCCEEDED".equals(refunds.get(0).get("status").asText());
        });
        // a marker FeeDue after the three events proves all were consumed before we count again
        String marker = UUID.randomUUID().toString();
        try (EventSender sender = new EventSender(brokers)) {
            sender.send("rathaus.applications.v1", EventSender.event("de.rathaus.applications.FeeDue.v1", marker, tenant, """
                    {"applicationId": "%s", "citizenId": "%s", "serviceTypeKey": "x1", "amountCents": 100, "currency": "EUR",
                     "description": "Marker", "refundOnRejection": false}""".formatted(marker, citizen)));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/payments", tokens.citizen(citizen, tenant)).json().size() == 2);
        JsonNode refunds = api.get("/api/v1/payments/" + paymentId + "/refunds", clerk).json();
        assertThat(refunds).hasSize(1);
        assertThat(refunds.get(0).get("amountCents").asLong()).isEqualTo(2000);
        assertThat(bookings(tenant, "REFUND_PAID")).isEqualTo(1);
        assertJournalBalanced(tenant);
    }
}
