package de.rathaus.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import de.rathaus.payments.refund.RefundService;
import de.rathaus.payments.simulator.PspSimulator;
import de.rathaus.testsupport.ApiClient.Response;
import de.rathaus.testsupport.EventProbe;
import de.rathaus.testsupport.EventSender;
import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Partial and full refunds, the refundable-amount guard, RefundRequested of the application saga, and the job that
 * resubmits refunds whose second step (asking the provider) never happened.
 */
class RefundsIT extends PaymentsApiTest {

    @Autowired
    RefundService refunds;
    @Autowired
    PspSimulator simulator;

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

    /**
     * A refund whose second step never happened (the instance died right after step one): its amount is reserved on
     * the payment and it is SUBMITTED, recorded {@code age} ago; the provider has not heard of it.
     */
    UUID refundThatLostItsSecondStep(String tenant, String paymentId, long amount, Duration age) {
        UUID id = UUID.randomUUID();
        assertThat(jdbc.sql("""
                update payment set amount_refunded_cents = amount_refunded_cents + :amount
                where id = :id and status = 'SUCCEEDED' and amount_cents - amount_refunded_cents >= :amount""")
                .param("id", UUID.fromString(paymentId)).param("amount", amount).update()).isEqualTo(1);
        jdbc.sql("""
                insert into refund (id, payment_id, tenant, amount_cents, reason, status, requested_by, created_at)
                values (:id, :paymentId, :tenant, :amount, 'Gebühr zu hoch', 'SUBMITTED', 'user:clerk', :createdAt)""")
                .param("id", id).param("paymentId", UUID.fromString(paymentId)).param("tenant", tenant).param("amount", amount)
                .param("createdAt", ago(age)).update();
        return id;
    }

    /** Refund id → status, as a clerk sees them. */
    Map<String, String> refundStatuses(String tenant, String paymentId) {
        Map<String, String> statuses = new HashMap<>();
        for (JsonNode refund : api.get("/api/v1/payments/" + paymentId + "/refunds", tokens.clerk("clerk", tenant)).json()) {
            statuses.put(refund.get("id").asText(), refund.get("status").asText());
        }
        return statuses;
    }

    /** The PaymentRefunded events recorded (outbox) for a payment: refund id, refunded and remaining amount. */
    List<Map<String, Object>> refundedEvents(String paymentId) {
        return jdbc.sql("""
                select payload->>'refundId' as refund_id, (payload->>'refundAmountCents')::bigint as amount,
                       (payload->>'remainingRefundableCents')::bigint as remaining
                from outbox_event where message_key = :key and event_type = 'de.rathaus.payments.PaymentRefunded.v1'
                order by occurred_at""").param("key", paymentId).query().listOfRows();
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

    @Test
    void theResubmissionJobCompletesRefundsThatLostTheirSecondStepExactlyOnce() {
        String tenant = newTenant();
        String citizen = "citizen-" + UUID.randomUUID();
        String paymentId = paidPayment(tenant, citizen, 3000, UUID.randomUUID().toString());
        UUID lost = refundThatLostItsSecondStep(tenant, paymentId, 1200, Duration.ofMinutes(2));
        // just recorded: its own second step may still be under way, so the job leaves it alone for 30 s
        UUID recent = refundThatLostItsSecondStep(tenant, paymentId, 800, Duration.ZERO);

        refunds.resubmit();

        assertThat(refundStatuses(tenant, paymentId))
                .containsEntry(lost.toString(), "SUCCEEDED").containsEntry(recent.toString(), "SUBMITTED");
        assertThat(jdbc.sql("select provider_ref from refund where id = :id").param("id", lost).query(String.class).single())
                .isEqualTo("rfd_" + lost);
        assertThat(bookings(tenant, "REFUND_PAID")).isEqualTo(1);
        assertThat(balance(tenant, "REFUNDS")).isEqualTo(1200);
        JsonNode payment = api.get("/api/v1/payments/" + paymentId, tokens.citizen(citizen, tenant)).json();
        assertThat(payment.get("amountRefundedCents").asLong()).isEqualTo(2000); // 1200 paid back, 800 still reserved
        assertThat(payment.get("amountAvailableCents").asLong()).isEqualTo(1000);
        assertThat(refundedEvents(paymentId)).singleElement().satisfies(event -> {
            assertThat(event.get("refund_id")).isEqualTo(lost.toString());
            assertThat(event.get("amount")).isEqualTo(1200L);
            assertThat(event.get("remaining")).isEqualTo(1000L);
        });

        // the next run has nothing to do for the finished refund: no second booking, no second event
        refunds.resubmit();
        assertThat(bookings(tenant, "REFUND_PAID")).isEqualTo(1);
        assertThat(refundedEvents(paymentId)).hasSize(1);
        assertThat(refundStatuses(tenant, paymentId)).containsEntry(recent.toString(), "SUBMITTED");

        // once the other one is older than 30 s, it is resubmitted too
        CLOCK.advance(Duration.ofSeconds(31));
        refunds.resubmit();
        assertThat(refundStatuses(tenant, paymentId))
                .containsEntry(lost.toString(), "SUCCEEDED").containsEntry(recent.toString(), "SUCCEEDED");
        assertThat(bookings(tenant, "REFUND_PAID")).isEqualTo(2);
        assertThat(balance(tenant, "REFUNDS")).isEqualTo(2000);
        assertThat(balance(tenant, "BANK_CLEARING")).isEqualTo(1000);
        assertThat(refundedEvents(paymentId)).extracting(e -> e.get("refund_id")).containsExactly(lost.toString(), recent.toString());
        assertJournalBalanced(tenant);
        // what is left is still refundable, and not a cent more
        assertThat(refund(tenant, paymentId, "{\"amountCents\": 1001}").status()).isEqualTo(409);
        assertThat(refund(tenant, paymentId, "{}").json().get("amountCents").asLong()).isEqualTo(1000);
    }

    @Test
    void aResubmittedRefundTheProviderRefusesFailsAndItsAmountBecomesRefundableAgain() {
        String tenant = newTenant();
        String citizen = "citizen-" + UUID.randomUUID();
        String paymentId = paidPayment(tenant, citizen, 2500, UUID.randomUUID().toString());
        // meanwhile 1 cent was paid back at the provider directly (in its dashboard): it refuses to pay back all 2500
        String checkoutId = jdbc.sql("select provider_ref from payment where id = :id").param("id", UUID.fromString(paymentId))
                .query(String.class).single();
        assertThat(simulator.refund(simulator.find(checkoutId).orElseThrow(), UUID.randomUUID(), 1)).containsEntry("status", "SUCCEEDED");
        UUID lost = refundThatLostItsSecondStep(tenant, paymentId, 2500, Duration.ofMinutes(2));
        assertThat(refund(tenant, paymentId, "{\"amountCents\": 1}").status()).isEqualTo(409); // all of it is reserved

        refunds.resubmit();

        assertThat(refundStatuses(tenant, paymentId)).containsExactly(Map.entry(lost.toString(), "FAILED"));
        JsonNode payment = api.get("/api/v1/payments/" + paymentId, tokens.citizen(citizen, tenant)).json();
        assertThat(payment.get("amountRefundedCents").asLong()).isZero();
        assertThat(payment.get("amountAvailableCents").asLong()).isEqualTo(2500);
        assertThat(bookings(tenant, "REFUND_PAID")).isZero();
        assertThat(refundedEvents(paymentId)).isEmpty();

        // the released amount can be refunded again, as far as the provider still holds it
        Response again = refund(tenant, paymentId, "{\"amountCents\": 2499}");
        assertThat(again.status()).as(again.toString()).isEqualTo(201);
        assertThat(again.json().get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(balance(tenant, "REFUNDS")).isEqualTo(2499);
        assertJournalBalanced(tenant);
    }
}
