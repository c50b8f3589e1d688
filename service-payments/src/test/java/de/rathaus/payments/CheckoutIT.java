package de.rathaus.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import de.rathaus.payments.payment.PaymentJobs;
import de.rathaus.payments.simulator.PspSimulator;
import de.rathaus.testsupport.ApiClient.Response;
import de.rathaus.testsupport.EventProbe;
import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The payer's way through the simulated PSP: checkout, hosted page, the notifications (duplicated and reordered by
 * the simulator), reconciliation and expiry.
 */
class CheckoutIT extends PaymentsApiTest {

    @Autowired
    PaymentJobs jobs;
    @Autowired
    PspSimulator simulator;

    /** Moves a payment's creation (and its start, if it was started) {@code ago} into the past. */
    void age(String paymentId, Duration ago) {
        Timestamp at = ago(ago);
        assertThat(jdbc.sql("""
                update payment set created_at = :at, started_at = case when started_at is null then null else cast(:at as timestamptz) end
                where id = :id""").param("at", at).param("id", UUID.fromString(paymentId)).update()).isEqualTo(1);
    }

    long events(String paymentId, String type) {
        return jdbc.sql("select count(*) from outbox_event where message_key = :id and event_type = :type")
                .param("id", paymentId).param("type", "de.rathaus.payments." + type + ".v1").query(Long.class).single();
    }

    @Test
    void paidAtTheHostedPageTheProviderNotificationsSucceedThePaymentExactlyOnce() {
        String tenant = newTenant();
        String citizen = "citizen-" + UUID.randomUUID();
        String token = tokens.citizen(citizen, tenant);
        String paymentId = createPayment(tenant, citizen, 2500).get("id").asText();

        try (EventProbe probe = new EventProbe(brokers, "rathaus.payments.v1")) {
            JsonNode started = startCheckout(paymentId, token);
            assertThat(started.get("status").asText()).isEqualTo("STARTED");
            assertThat(started.get("nextUrl").asText()).startsWith("http://localhost:8080/api/v1/payments/public/simulator/checkout/");
            // starting again answers the same checkout
            assertThat(startCheckout(paymentId, token).get("nextUrl").asText()).isEqualTo(started.get("nextUrl").asText());

            String checkoutId = checkoutId(started);
            Response page = api.get("/api/v1/payments/public/simulator/checkout/" + checkoutId, null);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.contentType()).startsWith("text/html");
            assertThat(page.body()).contains("Meldebescheinigung", "25,00 €", "value=\"pay\"", "value=\"fail\"", "value=\"abandon\"");

            Response paid = pressButton(checkoutId, "pay");
            assertThat(paid.status()).isEqualTo(303);
            assertThat(pressButton(checkoutId, "fail").status()).isEqualTo(409);

            JsonNode payment = awaitStatus(paymentId, token, "SUCCEEDED");
            assertThat(payment.get("finished").asBoolean()).isTrue();
            assertThat(payment.get("amountAvailableCents").asLong()).isEqualTo(2500);
            assertThat(payment.has("nextUrl") && !payment.get("nextUrl").isNull()).isFalse();

            // both notifications (started, succeeded) arrive, some twice: wait until all are in, then count
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("select count(*) from provider_notification where payment_id = :id")
                    .param("id", UUID.fromString(paymentId)).query(Long.class).single() == 2);
            CloudEvent succeeded = probe.await(r -> paymentId.equals(r.key()) && r.value().getType().endsWith("PaymentSucceeded.v1"),
                    Duration.ofSeconds(20)).orElseThrow().value();
            assertThat(new String(succeeded.getData().toBytes(), StandardCharsets.UTF_8)).containsPattern("\"amountCents\":\\s*2500");
            assertThat(bookings(tenant, "PAYMENT_RECEIVED")).isEqualTo(1);
            assertThat(balance(tenant, "BANK_CLEARING")).isEqualTo(2500);
            assertThat(balance(tenant, "RECEIVABLES")).isZero();
            assertJournalBalanced(tenant);
            List<ConsumerRecord<String, CloudEvent>> ofThisPayment = probe.seen().stream().filter(r -> paymentId.equals(r.key())).toList();
            assertThat(ofThisPayment).extracting(r -> r.value().getType()).containsOnlyOnce("de.rathaus.payments.PaymentSucceeded.v1");

            assertThat(post("/api/v1/payments/" + paymentId + "/checkout", token, "", UUID.randomUUID().toString()).status()).isEqualTo(409);
            assertThat(post("/api/v1/payments/" + paymentId + "/cancel", token, "", UUID.randomUUID().toString()).status()).isEqualTo(409);
        }
    }

    @Test
    void aDeclinedPaymentFailsAndAnAbandonedOneIsCancelledWithTheirCodes() {
        String tenant = newTenant();
        String citizen = "citizen-" + UUID.randomUUID();
        String token = tokens.citizen(citizen, tenant);
        String declined = createPayment(tenant, citizen, 700).get("id").asText();
        String abandoned = createPayment(tenant, citizen, 800).get("id").asText();

        pressButton(checkoutId(startCheckout(declined, token)), "fail");
        pressButton(checkoutId(startCheckout(abandoned, token)), "abandon");

        JsonNode failed = awaitStatus(declined, token, "FAILED");
        assertThat(failed.get("failureCode").asText()).isEqualTo("P0010");
        assertThat(failed.get("finished").asBoolean()).isTrue();
        JsonNode cancelled = awaitStatus(abandoned, token, "CANCELLED");
        assertThat(cancelled.get("failureCode").asText()).isEqualTo("P0030");
        assertThat(bookings(tenant, "CLAIM_WRITTEN_OFF")).isEqualTo(2);
        assertThat(balance(tenant, "RECEIVABLES")).isZero();
        assertThat(balance(tenant, "BANK_CLEARING")).isZero();
        assertJournalBalanced(tenant);

        // the payer tries again: a new payment for the same reference; a succeeded or open one cannot be retried
        Response retried = post("/api/v1/payments/" + declined + "/retry", token, "", UUID.randomUUID().toString());
        assertThat(retried.status()).as(retried.toString()).isEqualTo(201);
        JsonNode again = retried.json();
        assertThat(again.get("id").asText()).isNotEqualTo(declined);
        assertThat(again.get("status").asText()).isEqualTo("CREATED");
        assertThat(again.get("reference")).isEqualTo(failed.get("reference"));
        assertThat(again.get("amountCents").asLong()).isEqualTo(700);
        assertThat(post("/api/v1/payments/" + declined + "/retry", token, "", UUID.randomUUID().toString()).status()).isEqualTo(409);
        assertThat(post("/api/v1/payments/" + again.get("id").asText() + "/retry", token, "", UUID.randomUUID().toString()).status())
                .isEqualTo(409);
        assertThat(post("/api/v1/payments/" + abandoned + "/retry", tokens.citizen("someone-else", tenant), "", UUID.randomUUID().toString())
                .status()).isEqualTo(404);
        assertThat(balance(tenant, "RECEIVABLES")).isEqualTo(700);
        assertJournalBalanced(tenant);
    }

    @Test
    void aClerkCancelsAnUnfinishedPayment() {
        String tenant = newTenant();
        String citizen = "citizen-" + UUID.randomUUID();
        String paymentId = createPayment(tenant, citizen, 900).get("id").asText();

        Response cancelled = post("/api/v1/payments/" + paymentId + "/cancel", tokens.clerk("clerk", tenant), "", UUID.randomUUID().toString());
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asText()).isEqualTo("CANCELLED");
        assertThat(cancelled.json().get("failureCode").asText()).isEqualTo("P0040");
        assertThat(post("/api/v1/payments/" + paymentId + "/checkout", tokens.citizen(citizen, tenant), "", UUID.randomUUID().toString())
                .status()).isEqualTo(409);
    }

    @Test
    void cancellingAStartedPaymentClosesTheCheckoutAndAPaymentAlreadyMadeWins() {
        String tenant = newTenant();
        String citizen = "citizen-" + UUID.randomUUID();
        String token = tokens.citizen(citizen, tenant);
        String clerk = tokens.clerk("clerk", tenant);
        String open = createPayment(tenant, citizen, 1100).get("id").asText();
        String openCheckout = checkoutId(startCheckout(open, token));
        assertThat(post("/api/v1/payments/" + open + "/cancel", clerk, "", UUID.randomUUID().toString()).status()).isEqualTo(200);
        assertThat(pressButton(openCheckout, "pay").status()).isEqualTo(409); // the payer can no longer pay

        String paid = createPayment(tenant, citizen, 1200).get("id").asText();
        String paidCheckout = checkoutId(startCheckout(paid, token));
        simulator.decide(simulator.find(paidCheckout).orElseThrow(), PspSimulator.Decision.PAY, false);
        Response tooLate = post("/api/v1/payments/" + paid + "/cancel", clerk, "", UUID.randomUUID().toString());
        assertThat(tooLate.status()).isEqualTo(409);
        assertThat(paymentStatus(paid, token)).isEqualTo("SUCCEEDED");
        assertThat(bookings(tenant, "PAYMENT_RECEIVED")).isEqualTo(1);
        assertJournalBalanced(tenant);
    }

    @Test
    void reconciliationFindsAPaymentWhoseNotificationsNeverCame() {
        String tenant = newTenant();
        String citizen = "citizen-" + UUID.randomUUID();
        String token = tokens.citizen(citizen, tenant);
        String paymentId = createPayment(tenant, citizen, 1500).get("id").asText();
        String checkoutId = checkoutId(startCheckout(paymentId, token));
        simulator.decide(simulator.find(checkoutId).orElseThrow(), PspSimulator.Decision.PAY, false);

        Instant now = CLOCK.instant();
        assertThat(jobs.reconcile(now)).isZero(); // started at this very instant: not before it
        assertThat(paymentStatus(paymentId, token)).isEqualTo("STARTED");
        assertThat(jobs.reconcile(now.plusSeconds(1))).isPositive();
        assertThat(paymentStatus(paymentId, token)).isEqualTo("SUCCEEDED");
        assertThat(jobs.reconcile(now.plusSeconds(1))).isZero();
        assertThat(bookings(tenant, "PAYMENT_RECEIVED")).isEqualTo(1);
    }

    @Test
    void twoInstancesRunningTheExpiryJobAtOnceExpireEachPaymentOnce() throws Exception {
        String tenant = newTenant();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(createPayment(tenant, "citizen-" + i, 100 + i).get("id").asText());
        }
        java.util.concurrent.ExecutorService instances = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            Instant cutoff = CLOCK.instant().plusSeconds(1);
            var first = instances.submit(() -> { start.await(); return jobs.expire(cutoff); });
            var second = instances.submit(() -> { start.await(); return jobs.expire(cutoff); });
            start.countDown();
            assertThat(first.get() + second.get()).isGreaterThanOrEqualTo(20);
        } finally {
            instances.shutdownNow();
        }
        assertThat(bookings(tenant, "CLAIM_WRITTEN_OFF")).isEqualTo(20);
        for (String id : ids) {
            assertThat(jdbc.sql("select count(*) from outbox_event where message_key = :id and event_type = 'de.rathaus.payments.PaymentExpired.v1'")
                    .param("id", id).query(Long.class).single()).isEqualTo(1);
        }
        assertJournalBalanced(tenant);
    }

    @Test
    void unfinishedPaymentsExpireButOneThatWasPaidAtTheLastMomentSucceeds() {
        String tenant = newTenant();
        String citizen = "citizen-" + UUID.randomUUID();
        String token = tokens.citizen(citizen, tenant);
        String untouched = createPayment(tenant, citizen, 100).get("id").asText();
        String abandonedAtPage = createPayment(tenant, citizen, 200).get("id").asText();
        String paidSilently = createPayment(tenant, citizen, 300).get("id").asText();
        String abandonedCheckout = checkoutId(startCheckout(abandonedAtPage, token));
        String checkoutId = checkoutId(startCheckout(paidSilently, token));
        simulator.decide(simulator.find(checkoutId).orElseThrow(), PspSimulator.Decision.PAY, false);

        try (EventProbe probe = new EventProbe(brokers, "rathaus.payments.v1")) {
            jobs.expire(CLOCK.instant().plusSeconds(1));
            assertThat(paymentStatus(untouched, token)).isEqualTo("EXPIRED");
            assertThat(api.get("/api/v1/payments/" + untouched, token).json().get("failureCode").asText()).isEqualTo("P0020");
            assertThat(paymentStatus(abandonedAtPage, token)).isEqualTo("EXPIRED");
            assertThat(paymentStatus(paidSilently, token)).isEqualTo("SUCCEEDED");
            probe.await(r -> untouched.equals(r.key()) && r.value().getType().endsWith("PaymentExpired.v1"), Duration.ofSeconds(20)).orElseThrow();
        }
        // a late success notification for an expired payment changes nothing
        assertThat(notify(notification("late-" + UUID.randomUUID(), "checkout.succeeded", abandonedCheckout, abandonedAtPage, 200)).status())
                .isEqualTo(202);
        assertThat(paymentStatus(abandonedAtPage, token)).isEqualTo("EXPIRED");
        assertThat(bookings(tenant, "PAYMENT_RECEIVED")).isEqualTo(1);
        assertThat(bookings(tenant, "CLAIM_WRITTEN_OFF")).isEqualTo(2);
        assertJournalBalanced(tenant);
    }

    @Test
    void aJobRunReconcilesAfterTenMinutesAndExpiresAfterNinetyMinutes() {
        String tenant = newTenant();
        String citizen = "citizen-" + UUID.randomUUID();
        String token = tokens.citizen(citizen, tenant);
        String createdLongAgo = createPayment(tenant, citizen, 100).get("id").asText();
        String createdRecently = createPayment(tenant, citizen, 200).get("id").asText();
        String paidLongAgo = createPayment(tenant, citizen, 300).get("id").asText();
        String paidRecently = createPayment(tenant, citizen, 400).get("id").asText();
        String startedLongAgo = createPayment(tenant, citizen, 500).get("id").asText();
        // paid at the provider, but the notifications never came
        simulator.decide(simulator.find(checkoutId(startCheckout(paidLongAgo, token))).orElseThrow(), PspSimulator.Decision.PAY, false);
        simulator.decide(simulator.find(checkoutId(startCheckout(paidRecently, token))).orElseThrow(), PspSimulator.Decision.PAY, false);
        // the payer opened the hosted page and left
        String leftCheckout = checkoutId(startCheckout(startedLongAgo, token));
        assertThat(api.get("/api/v1/payments/public/simulator/checkout/" + leftCheckout, null).status()).isEqualTo(200);
        age(createdLongAgo, Duration.ofMinutes(91));
        age(createdRecently, Duration.ofMinutes(89));
        age(paidLongAgo, Duration.ofMinutes(11));
        age(paidRecently, Duration.ofMinutes(9));
        age(startedLongAgo, Duration.ofMinutes(91));

        jobs.run();

        // reconciliation: STARTED longer than reconcile-after (10 min)
        assertThat(paymentStatus(paidLongAgo, token)).isEqualTo("SUCCEEDED");
        assertThat(paymentStatus(paidRecently, token)).isEqualTo("STARTED");
        // expiry: unfinished longer than expiry (90 min); a started one's checkout is closed, so it cannot be paid any more
        JsonNode expired = api.get("/api/v1/payments/" + createdLongAgo, token).json();
        assertThat(expired.get("status").asText()).isEqualTo("EXPIRED");
        assertThat(expired.get("failureCode").asText()).isEqualTo("P0020");
        assertThat(paymentStatus(createdRecently, token)).isEqualTo("CREATED");
        assertThat(paymentStatus(startedLongAgo, token)).isEqualTo("EXPIRED");
        assertThat(pressButton(leftCheckout, "pay").status()).isEqualTo(409);

        assertThat(events(paidLongAgo, "PaymentSucceeded")).isEqualTo(1);
        assertThat(events(createdLongAgo, "PaymentExpired")).isEqualTo(1);
        assertThat(events(startedLongAgo, "PaymentExpired")).isEqualTo(1);
        assertThat(events(createdRecently, "PaymentExpired") + events(paidRecently, "PaymentSucceeded")).isZero();
        assertThat(bookings(tenant, "PAYMENT_RECEIVED")).isEqualTo(1);
        assertThat(bookings(tenant, "CLAIM_WRITTEN_OFF")).isEqualTo(2);
        assertThat(balance(tenant, "BANK_CLEARING")).isEqualTo(300);
        assertThat(balance(tenant, "RECEIVABLES")).isEqualTo(200 + 400);
        assertJournalBalanced(tenant);

        // the next run finds the rest once they are old enough, and changes nothing twice
        age(createdRecently, Duration.ofMinutes(91));
        age(paidRecently, Duration.ofMinutes(11));
        jobs.run();
        assertThat(paymentStatus(createdRecently, token)).isEqualTo("EXPIRED");
        assertThat(paymentStatus(paidRecently, token)).isEqualTo("SUCCEEDED");
        assertThat(bookings(tenant, "PAYMENT_RECEIVED")).isEqualTo(2);
        assertThat(bookings(tenant, "CLAIM_WRITTEN_OFF")).isEqualTo(3);
        assertThat(events(createdLongAgo, "PaymentExpired") + events(startedLongAgo, "PaymentExpired")).isEqualTo(2);
        assertThat(events(paidLongAgo, "PaymentSucceeded")).isEqualTo(1);
        assertThat(balance(tenant, "RECEIVABLES")).isZero();
        assertJournalBalanced(tenant);
    }

    @Test
    void paymentsTheJobCannotFinishDoNotHoldBackTheOnesBehindThem() {
        String tenant = newTenant();
        String citizen = "citizen-" + UUID.randomUUID();
        String token = tokens.citizen(citizen, tenant);
        List<String> lost = new ArrayList<>();
        for (int i = 0; i < 3; i++) { // more than a page (job-batch-size is 2 in these tests)
            String id = createPayment(tenant, citizen, 100 + i).get("id").asText();
            startCheckout(id, token);
            // the provider no longer knows the checkout (the simulator keeps them in memory: a restart does this)
            assertThat(jdbc.sql("update payment set provider_ref = :ref where id = :id")
                    .param("ref", UUID.randomUUID().toString()).param("id", UUID.fromString(id)).update()).isEqualTo(1);
            age(id, Duration.ofDays(400 + i)); // the oldest candidates of all
            lost.add(id);
        }
        String behind = createPayment(tenant, citizen, 500).get("id").asText();
        age(behind, Duration.ofDays(399));

        jobs.run();

        assertThat(paymentStatus(behind, token)).isEqualTo("EXPIRED");
        assertThat(events(behind, "PaymentExpired")).isEqualTo(1);
        for (String id : lost) {
            assertThat(paymentStatus(id, token))
                    .as("nobody can pay it, but whether money came is for a person to find out").isEqualTo("STARTED");
            assertThat(events(id, "PaymentExpired")).isZero();
        }
        assertJournalBalanced(tenant);
    }
}
