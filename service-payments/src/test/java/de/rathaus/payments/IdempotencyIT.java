package de.rathaus.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import de.rathaus.testsupport.ApiClient.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Idempotency-Key on every POST: replay, different body, a duplicate while the first is still running. */
class IdempotencyIT extends PaymentsApiTest {

    @Autowired
    DataSource dataSource;

    @Test
    void theSameKeyAndBodyAnswersTheStoredResponseAndADifferentBodyIs422() {
        String tenant = newTenant();
        String clerk = tokens.clerk("clerk", tenant);
        String key = UUID.randomUUID().toString();
        String body = createBody("citizen-1", 1000, "APPOINTMENT");

        Response first = post("/api/v1/payments", clerk, body, key);
        assertThat(first.status()).isEqualTo(201);
        Response again = post("/api/v1/payments", clerk, body, key);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(bookings(tenant, "CLAIM_RAISED")).isEqualTo(1);

        Response otherBody = post("/api/v1/payments", clerk, createBody("citizen-1", 1001, "APPOINTMENT"), key);
        assertThat(otherBody.status()).isEqualTo(422);
        assertThat(otherBody.isProblem()).isTrue();

        // keys are per caller: another clerk's identical key is a different request
        Response otherCaller = post("/api/v1/payments", tokens.clerk("clerk-2", tenant), createBody("citizen-1", 1000, "APPOINTMENT"), key);
        assertThat(otherCaller.status()).isEqualTo(201);
        assertThat(otherCaller.json().get("id").asText()).isNotEqualTo(first.json().get("id").asText());
    }

    @Test
    void anOversizedBodyIsRefused() {
        String body = createBody("c", 100, "APPLICATION").replace("Meldebescheinigung", "x".repeat(70_000));
        Response response = post("/api/v1/payments", tokens.clerk("clerk", newTenant()), body, UUID.randomUUID().toString());
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.isProblem()).isTrue();
    }

    @Test
    void aPostWithoutKeyIsRejected() {
        Response response = post("/api/v1/payments", tokens.clerk("clerk", newTenant()), createBody("c", 100, "APPLICATION"), null);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.isProblem()).isTrue();
        assertThat(response.json().get("detail").asText()).contains("Idempotency-Key");
    }

    @Test
    void aDuplicateWhileTheFirstRequestIsStillRunningGets409() throws Exception {
        String tenant = newTenant();
        String citizen = "citizen-" + UUID.randomUUID();
        String paymentId = createPayment(tenant, citizen, 5000).get("id").asText();
        String payer = tokens.citizen(citizen, tenant);
        assertThat(pressButton(checkoutId(startCheckout(paymentId, payer)), "pay").status()).isEqualTo(303);
        awaitStatus(paymentId, payer, "SUCCEEDED");

        String clerk = tokens.clerk("clerk", tenant);
        String key = UUID.randomUUID().toString();
        String body = "{\"amountCents\": 1000, \"reason\": \"Doppelt bezahlt\"}";
        String path = "/api/v1/payments/" + paymentId + "/refunds";
        CompletableFuture<Response> first;
        // hold the payment row: the first refund claims its key, then waits for the row inside its transaction
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try (PreparedStatement select = lock.prepareStatement("select id from payment where id = ? for update")) {
                select.setObject(1, UUID.fromString(paymentId));
                select.executeQuery().close();
            }
            first = CompletableFuture.supplyAsync(() -> post(path, clerk, body, key));
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                    "select count(*) from idempotency_key where idempotency_key = :key and status = 'IN_PROGRESS'")
                    .param("key", key).query(Long.class).single() == 1);

            Response duplicate = post(path, clerk, body, key);
            assertThat(duplicate.status()).isEqualTo(409);
            assertThat(duplicate.isProblem()).isTrue();
            assertThat(post(path, clerk, "{\"amountCents\": 999}", key).status()).isEqualTo(422);
            assertThat(first).isNotDone();
            lock.rollback();
        }
        Response done = first.get();
        assertThat(done.status()).as(done.toString()).isEqualTo(201);
        Response replay = post(path, clerk, body, key);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.body()).isEqualTo(done.body());
        assertThat(api.get(path, clerk).json()).hasSize(1);
        assertThat(api.get("/api/v1/payments/" + paymentId, clerk).json().get("amountRefundedCents").asLong()).isEqualTo(1000);
    }

    @Test
    void manyConcurrentIdenticalRequestsCreateOnePayment() throws Exception {
        String tenant = newTenant();
        String clerk = tokens.clerk("clerk", tenant);
        String key = UUID.randomUUID().toString();
        String body = createBody("citizen-9", 777, "APPLICATION");
        int parallel = 8;
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> responses = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                responses.add(pool.submit(() -> {
                    start.await();
                    return post("/api/v1/payments", clerk, body, key);
                }));
            }
            start.countDown();
            List<String> created = new ArrayList<>();
            for (Future<Response> response : responses) {
                Response r = response.get();
                assertThat(r.status()).as(r.toString()).isIn(201, 409);
                if (r.status() == 201) {
                    created.add(r.json().get("id").asText());
                }
            }
            assertThat(created).isNotEmpty();
            assertThat(created.stream().distinct()).hasSize(1);
            assertThat(bookings(tenant, "CLAIM_RAISED")).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
