package de.rathaus.payments;

import static org.assertj.core.api.Assertions.assertThat;

import de.rathaus.testsupport.ApiClient.Response;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** Invalid payments are 400 problem+json and book nothing; the daily ledger export in CSV and JSON. */
class BadInputAndLedgerIT extends PaymentsApiTest {

    static final String VALID = """
            {"reference": {"kind": "APPLICATION", "id": "%s"}, "payerId": "citizen-1", "amountCents": 1000, "currency": "EUR",
             "description": "Meldebescheinigung"}""";

    @ParameterizedTest
    @ValueSource(strings = {
            "\"amountCents\": 1000|\"amountCents\": 0",
            "\"amountCents\": 1000|\"amountCents\": -100",
            "\"amountCents\": 1000|\"amountCents\": 99999999999999999999999",
            "\"amountCents\": 1000|\"amountCents\": 10000001",
            "\"amountCents\": 1000|\"amountCents\": 1000.5",
            "\"amountCents\": 1000|\"amountCents\": \"1000\"",
            "\"currency\": \"EUR\"|\"currency\": \"USD\"",
            "\"kind\": \"APPLICATION\"|\"kind\": \"PARKING_TICKET\"",
            "\"id\": \"%s\"|\"id\": \"not-a-uuid\"",
            "\"description\": \"Meldebescheinigung\"|\"description\": \"\"",
            "\"payerId\": \"citizen-1\", |"})
    void invalidPaymentsAre400AndBookNothing(String replacement) {
        String tenant = newTenant();
        String[] parts = replacement.split("\\|", -1);
        String body = VALID.replace(parts[0], parts[1]).replace("%s", UUID.randomUUID().toString());
        Response response = post("/api/v1/payments", tokens.clerk("clerk", tenant), body, UUID.randomUUID().toString());
        assertThat(response.status()).as(body + " -> " + response).isEqualTo(400);
        assertThat(response.isProblem()).isTrue();
        assertThat(response.json().get("detail").asText()).isNotBlank();
        assertThat(bookings(tenant)).isZero();
    }

    @Test
    void anOverlongDescriptionIs400() {
        String tenant = newTenant();
        String body = VALID.formatted(UUID.randomUUID()).replace("Meldebescheinigung", "x".repeat(256));
        Response response = post("/api/v1/payments", tokens.clerk("clerk", tenant), body, UUID.randomUUID().toString());
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).contains("description");
        assertThat(bookings(tenant)).isZero();
    }

    @Test
    void aSecondLivePaymentForTheSameReferenceIsAConflict() {
        String tenant = newTenant();
        String body = VALID.formatted(UUID.randomUUID());
        assertThat(post("/api/v1/payments", tokens.clerk("clerk", tenant), body, UUID.randomUUID().toString()).status()).isEqualTo(201);
        Response second = post("/api/v1/payments", tokens.clerk("clerk", tenant), body, UUID.randomUUID().toString());
        assertThat(second.status()).isEqualTo(409);
        assertThat(bookings(tenant)).isEqualTo(1);
    }

    @Test
    void theDailyExportListsEveryBookingBalancedInCsvAndJson() {
        String tenant = newTenant();
        String citizen = "citizen-" + UUID.randomUUID();
        String paymentId = createPayment(tenant, citizen, 1234).get("id").asText();
        String checkoutId = checkoutId(startCheckout(paymentId, tokens.citizen(citizen, tenant)));
        CLOCK.advance(Duration.ofSeconds(1)); // paid a second after the claim: the export lists bookings in time order
        assertThat(notify(notification("ntf-" + UUID.randomUUID(), "checkout.succeeded", checkoutId, paymentId, 1234)).status()).isEqualTo(202);
        createPayment(newTenant(), citizen, 999); // another municipality's booking is not exported
        String today = CLOCK.todayInBerlin().toString();
        String admin = tokens.token("admin", tenant, List.of("admin"));

        JsonNode json = api.get("/api/v1/payments/ledger/export?date=" + today, admin).json();
        assertThat(json.get("tenant").asText()).isEqualTo(tenant);
        assertThat(json.get("bookings")).hasSize(2);
        assertThat(json.get("bookings")).extracting(b -> b.get("kind").asText()).containsExactly("CLAIM_RAISED", "PAYMENT_RECEIVED");
        for (JsonNode booking : json.get("bookings")) {
            long debit = 0;
            long credit = 0;
            for (JsonNode posting : booking.get("postings")) {
                long amount = posting.get("amountCents").asLong();
                if ("DEBIT".equals(posting.get("side").asText())) {
                    debit += amount;
                } else {
                    credit += amount;
                }
            }
            assertThat(debit).isEqualTo(credit).isEqualTo(1234);
            assertThat(booking.get("paymentId").asText()).isEqualTo(paymentId);
        }

        Response csv = api.get("/api/v1/payments/ledger/export?format=csv&date=" + today, admin);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).startsWith("booking_id;booked_at;kind;payment_id");
        assertThat(lines).hasSize(5);
        assertThat(Arrays.stream(lines).skip(1)).allMatch(l -> l.contains(paymentId) && l.endsWith(";1234;12.34"));
        assertThat(Arrays.stream(lines).skip(1).filter(l -> l.contains(";BANK_CLEARING;DEBIT;"))).hasSize(1);

        assertThat(api.get("/api/v1/payments/ledger/export?date=" + today, tokens.clerk("clerk", tenant)).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/payments/ledger/export?date=" + today, tokens.citizen(citizen, tenant)).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/payments/ledger/export?date=yesterday", admin).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/payments/ledger/export?date=" + today + "&format=xml", admin).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/payments/ledger/export?date=2020-01-01", admin).json().get("bookings")).isEmpty();
    }
}
