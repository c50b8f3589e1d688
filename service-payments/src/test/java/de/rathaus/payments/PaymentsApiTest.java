package de.rathaus.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import de.rathaus.payments.provider.NotificationSignature;
import de.rathaus.testsupport.ApiClient.Response;
import de.rathaus.testsupport.ServiceApiTest;
import de.rathaus.testsupport.TestClock;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Base of every payments API test: one Spring context for all of them (same configuration, so the context cache
 * shares it), the simulated PSP with short, seeded delays that duplicate and reorder notifications, and helpers.
 * Each test uses its own municipality (tenant) so that ledger assertions see only its own bookings.
 * <p>
 * The service's clock is {@link #CLOCK}: tests pick times relative to it and move it; nothing depends on the hour or
 * date the suite runs at. The scheduler is off: a test runs a job itself when it needs it, so no job run races it.
 */
@EmbeddedKafka(partitions = 1, topics = {"rathaus.applications.v1", "rathaus.payments.v1"})
@Import(PaymentsApiTest.TestClockConfiguration.class)
public abstract class PaymentsApiTest extends ServiceApiTest {

    public static final String SECRET = "test-notification-secret-0123456789";
    /** What the service takes for "now". */
    protected static final TestClock CLOCK = TestClock.standard();

    @Autowired
    protected JdbcClient jdbc;

    @TestConfiguration(proxyBeanMethods = false)
    static class TestClockConfiguration {
        @Bean
        @Primary
        Clock testClock() {
            return CLOCK;
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        register(registry, "test_payments");
        registry.add("rathaus.payments.provider.notification-secret", () -> SECRET);
        registry.add("rathaus.payments.simulator.min-delay", () -> "10ms");
        registry.add("rathaus.payments.simulator.max-delay", () -> "150ms");
        registry.add("rathaus.payments.simulator.duplicate-probability", () -> "0.5");
        registry.add("rathaus.payments.simulator.reorder-probability", () -> "0.5");
        registry.add("rathaus.payments.simulator.seed", () -> "4711");
        // the tests run the jobs themselves
        registry.add("rathaus.payments.jobs.enabled", () -> "false");
        // pages of two: the jobs' paging past candidates they cannot finish is exercised with a handful of rows
        registry.add("rathaus.payments.jobs.batch-size", () -> "2");
    }

    /** {@code ago} before the service's now, for moving a row into the past. */
    protected static Timestamp ago(Duration ago) {
        return Timestamp.from(CLOCK.instant().minus(ago));
    }

    /** The payment's status as its owner (or a clerk) reads it through the API. */
    protected String paymentStatus(String paymentId, String token) {
        return api.get("/api/v1/payments/" + paymentId, token).json().get("status").asText();
    }

    protected static String newTenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected Response post(String path, String token, String body, String idempotencyKey) {
        HttpRequest.Builder request = api.request(path, token).POST(HttpRequest.BodyPublishers.ofString(body));
        return idempotencyKey == null
                ? api.send(request, Map.of("Content-Type", "application/json"))
                : api.send(request, Map.of("Content-Type", "application/json", "Idempotency-Key", idempotencyKey));
    }

    protected static String createBody(String payer, long amount, String referenceKind) {
        return """
                {"reference": {"kind": "%s", "id": "%s"}, "payerId": "%s", "amountCents": %d, "currency": "EUR",
                 "description": "Meldebescheinigung"}""".formatted(referenceKind, UUID.randomUUID(), payer, amount);
    }

    /** A clerk of {@code tenant} creates a payment of {@code amount} for {@code payer}. */
    protected JsonNode createPayment(String tenant, String payer, long amount) {
        Response created = post("/api/v1/payments", tokens.clerk("clerk", tenant), createBody(payer, amount, "APPLICATION"),
                UUID.randomUUID().toString());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    /** The payer starts the checkout; answers the STARTED payment with its nextUrl. */
    protected JsonNode startCheckout(String paymentId, String payerToken) {
        Response started = post("/api/v1/payments/" + paymentId + "/checkout", payerToken, "", UUID.randomUUID().toString());
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        return started.json();
    }

    protected static String checkoutId(JsonNode startedPayment) {
        String nextUrl = startedPayment.get("nextUrl").asText();
        return nextUrl.substring(nextUrl.lastIndexOf('/') + 1);
    }

    /** Presses a button on the simulator's hosted checkout page (pay, fail, abandon). */
    protected Response pressButton(String checkoutId, String action) {
        return api.send(api.request("/api/v1/payments/public/simulator/checkout/" + checkoutId, null)
                        .POST(HttpRequest.BodyPublishers.ofString("action=" + action)),
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
    }

    protected JsonNode awaitStatus(String paymentId, String token, String status) {
        await().atMost(Duration.ofSeconds(20)).until(() -> status.equals(paymentStatus(paymentId, token)));
        return api.get("/api/v1/payments/" + paymentId, token).json();
    }

    /** Sends a provider notification signed with the test secret ({@code timestamp} in Unix seconds). */
    protected Response notify(String body, long timestamp) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return api.send(api.request("/api/v1/payments/public/provider-notifications", null).POST(HttpRequest.BodyPublishers.ofByteArray(bytes)),
                Map.of("Content-Type", "application/json",
                        NotificationSignature.TIMESTAMP_HEADER, Long.toString(timestamp),
                        NotificationSignature.SIGNATURE_HEADER, new NotificationSignature(SECRET).sign(timestamp, bytes)));
    }

    protected Response notify(String body) {
        return notify(body, CLOCK.instant().getEpochSecond());
    }

    protected static String notification(String id, String type, String checkoutId, String paymentId, long amount) {
        return """
                {"id": "%s", "type": "%s", "checkoutId": "%s", "paymentId": "%s", "amountCents": %d, "occurredAt": "%s"}"""
                .formatted(id, type, checkoutId, paymentId, amount, CLOCK.instant());
    }

    /** Bookings of a tenant by kind, e.g. {@code PAYMENT_RECEIVED -> 1}. */
    protected long bookings(String tenant, String kind) {
        return jdbc.sql("select count(*) from ledger_booking where tenant = :tenant and kind = :kind")
                .param("tenant", tenant).param("kind", kind).query(Long.class).single();
    }

    protected long bookings(String tenant) {
        return jdbc.sql("select count(*) from ledger_booking where tenant = :tenant").param("tenant", tenant).query(Long.class).single();
    }

    /** Every booking of the tenant balances (debits = credits), hence the whole journal does. */
    protected void assertJournalBalanced(String tenant) {
        List<Map<String, Object>> unbalanced = jdbc.sql("""
                select b.id, sum(case when l.side = 'DEBIT' then l.amount_cents else -l.amount_cents end) as diff
                from ledger_booking b join ledger_posting l on l.booking_id = b.id
                where b.tenant = :tenant group by b.id
                having sum(case when l.side = 'DEBIT' then l.amount_cents else -l.amount_cents end) <> 0
                """).param("tenant", tenant).query().listOfRows();
        assertThat(unbalanced).isEmpty();
    }

    /** Account balance (debit positive) of a tenant. */
    protected long balance(String tenant, String account) {
        return jdbc.sql("""
                select coalesce(sum(case when l.side = 'DEBIT' then l.amount_cents else -l.amount_cents end), 0)
                from ledger_booking b join ledger_posting l on l.booking_id = b.id
                where b.tenant = :tenant and l.account = :account
                """).param("tenant", tenant).param("account", account).query(Long.class).single();
    }
}
