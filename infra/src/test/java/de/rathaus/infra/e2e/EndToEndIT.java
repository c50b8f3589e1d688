package de.rathaus.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import de.rathaus.infra.stack.LocalStack;
import de.rathaus.infra.stack.StackConfig;
import de.rathaus.testsupport.ApiClient;
import de.rathaus.testsupport.ApiClient.Response;
import de.rathaus.testsupport.EventProbe;
import io.cloudevents.CloudEvent;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * The whole suite as a user meets it: the real stack (PostgreSQL, a Kafka KRaft broker, Keycloak with the realm,
 * the four services, the gateway) started by the same launcher as {@code infra/local-stack.sh}, driven through
 * the gateway with real Keycloak tokens.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndIT {

    static LocalStack stack;
    static ApiClient gateway;
    static Keycloak keycloak;
    static String shortLivedAnna;

    @BeforeAll
    static void startStack() {
        stack = LocalStack.start(StackConfig.fromEnvironment()
                .databasePrefix("e2e_")
                .resetDatabases(true)
                .resetKafka(true)
                .build());
        gateway = new ApiClient(stack.gatewayUrl());
        keycloak = new Keycloak(stack.keycloakUrl());
        // a real token that expires early: checked at the end, once it is past expiry and clock skew
        keycloak.setClientAttribute("rathaus-cli", "access.token.lifespan", "1");
        try {
            shortLivedAnna = keycloak.token("anna");
        } finally {
            keycloak.setClientAttribute("rathaus-cli", "access.token.lifespan", "");
        }
    }

    static String anna() {
        return keycloak.token("anna");
    }

    static String ben() {
        return keycloak.token("ben");
    }

    static String clara() {
        return keycloak.token("clara");
    }

    static String sven() {
        return keycloak.token("sven");
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    static Response submit(String token, String serviceType, String formData) {
        Response response = gateway.post("/api/v1/applications", token,
                "{\"serviceType\": \"%s\", \"formData\": %s}".formatted(serviceType, formData));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response;
    }

    static Response post(String path, String token, String jsonBody, Map<String, String> headers) {
        return gateway.send(gateway.request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody)), headers);
    }

    static final String MELDEBESCHEINIGUNG = "{\"art\": \"EINFACH\", \"anzahl\": 1}";
    static String applicationId;
    static String paymentId;

    @Test
    @Order(1)
    void aCitizenSubmitsAnApplicationWithAFeeAndItsEventsAreValidCloudEventsOnKafka() {
        Response submitted = submit(anna(), "meldebescheinigung", MELDEBESCHEINIGUNG);
        applicationId = submitted.json().get("id").asText();
        assertThat(submitted.json().get("status").asText()).as("the fee is paid before processing").isEqualTo("AWAITING_PAYMENT");

        try (EventProbe probe = new EventProbe(stack.kafkaBootstrap(), "rathaus.applications.v1")) {
            probe.await(r -> applicationId.equals(r.key()) && r.value().getType().endsWith(".FeeDue.v1"), Duration.ofSeconds(60))
                    .orElseThrow(() -> new AssertionError("no FeeDue on Kafka"));
            CloudEvent event = probe.seen().stream()
                    .filter(r -> applicationId.equals(r.key()) && r.value().getType().endsWith(".ApplicationSubmitted.v1"))
                    .findFirst().orElseThrow(() -> new AssertionError("no ApplicationSubmitted on Kafka")).value();
            assertThat(event.getSpecVersion().toString()).isEqualTo("1.0");
            assertThat(event.getType()).isEqualTo("de.rathaus.applications.ApplicationSubmitted.v1");
            assertThat(event.getSource().toString()).isEqualTo("urn:rathaus:service-applications");
            assertThat(event.getSubject()).isEqualTo(applicationId);
            assertThat(event.getExtension("tenant")).isEqualTo("bochum");
            assertThat(event.getExtension("traceparent")).isNotNull();
            assertThat(event.getExtension("correlationid")).isNotNull();
            String data = new String(event.getData().toBytes(), StandardCharsets.UTF_8);
            assertThat(data).contains(applicationId).doesNotContain("anna", "Anna");
        }
    }

    @Test
    @Order(2)
    void theFeeBecomesAPaymentAndPayingAtTheProvidersPageReleasesTheCaseToTheClerks() {
        JsonNode payment = await().atMost(Duration.ofSeconds(60)).until(
                () -> paymentOf(applicationId), found -> found != null);
        paymentId = payment.get("id").asText();
        assertThat(payment.get("status").asText()).isEqualTo("CREATED");
        assertThat(payment.get("amountCents").asLong()).isPositive();

        Response checkout = post("/api/v1/payments/" + paymentId + "/checkout", anna(), "{}",
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(checkout.status()).as(checkout.toString()).isBetween(200, 201);
        String nextUrl = checkout.json().get("nextUrl").asText();
        assertThat(nextUrl).as("the hosted page is reached through the gateway's public folder")
                .startsWith(stack.gatewayUrl() + "/api/v1/payments/public/");

        // the payer presses "Bezahlen" on the provider's hosted page: no token, as in a browser
        Response paid = gateway.send(HttpRequest.newBuilder(URI.create(nextUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=pay")), Map.of());
        assertThat(paid.status()).as(paid.toString()).isIn(200, 303);

        // the provider's signed notification arrives, PaymentSucceeded reaches service-applications
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                gateway.get("/api/v1/payments/" + paymentId, anna()).json().get("status").asText()).isEqualTo("SUCCEEDED"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                gateway.get("/api/v1/applications/" + applicationId, anna()).json().get("status").asText()).isEqualTo("SUBMITTED"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                gateway.get("/api/v1/notifications/inbox", anna()).json().findValuesAsString("title"))
                .contains("Antrag eingegangen", "Zahlung eingegangen"));
    }

    /** Anna's payment for the application, or null while there is none. */
    static JsonNode paymentOf(String application) {
        for (JsonNode payment : gateway.get("/api/v1/payments", anna()).json()) {
            if (application.equals(payment.get("reference").get("id").asText())) {
                return payment;
            }
        }
        return null;
    }

    @Test
    @Order(3)
    void anotherCitizenGets404OnTheApplication() {
        Response response = gateway.get("/api/v1/applications/" + applicationId, ben());

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.isProblem()).isTrue();
        assertThat(gateway.get("/api/v1/applications/" + applicationId, anna()).status()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void missingAndForgedTokensGet401() {
        Response none = gateway.get("/api/v1/applications", null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.isProblem()).isTrue();

        String[] parts = anna().split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("\"bochum\"", "\"soest\"");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        Response forged = gateway.get("/api/v1/applications", tampered);
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.isProblem()).isTrue();

        Response directlyAtService = new ApiClient(stack.serviceUrl("applications")).get("/api/v1/applications", tampered);
        assertThat(directlyAtService.status()).as("zero trust: the service checks too").isEqualTo(401);
    }

    @Test
    @Order(5)
    void aCitizenOnAClerkEndpointGets403() {
        Response response = gateway.get("/api/v1/applications/backoffice/applications", anna());

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.isProblem()).isTrue();
    }

    @Test
    @Order(6)
    void aClerkOfTheOtherTenantSeesNothingAndARejectionAfterPaymentRefundsTheFee() {
        assertThat(gateway.get("/api/v1/applications/backoffice/applications", sven()).json().findValuesAsString("id"))
                .doesNotContain(applicationId);
        assertThat(gateway.get("/api/v1/applications/" + applicationId, sven()).status()).isEqualTo(404);

        assertThat(gateway.get("/api/v1/applications/backoffice/applications", clara()).json().findValuesAsString("id"))
                .contains(applicationId);
        Response current = gateway.get("/api/v1/applications/" + applicationId, clara());
        String etag = current.header("ETag");
        assertThat(etag).as(current.toString()).isNotBlank();
        String decision = "{\"decision\": \"REJECTED\", \"reason\": \"Keine Meldeadresse in Bochum.\"}";
        Map<String, String> purpose = Map.of("X-Purpose", "Fallbearbeitung");

        Response withoutIfMatch = post("/api/v1/applications/backoffice/applications/" + applicationId + "/decision", clara(), decision, purpose);
        assertThat(withoutIfMatch.status()).as(withoutIfMatch.toString()).isEqualTo(428);
        assertThat(withoutIfMatch.isProblem()).isTrue();

        Response decided = post("/api/v1/applications/backoffice/applications/" + applicationId + "/decision", clara(), decision,
                Map.of("X-Purpose", "Fallbearbeitung", "If-Match", etag));
        assertThat(decided.status()).as(decided.toString()).isEqualTo(200);
        assertThat(decided.json().get("status").asText()).isEqualTo("REJECTED");

        Response stale = post("/api/v1/applications/backoffice/applications/" + applicationId + "/decision", clara(), decision,
                Map.of("X-Purpose", "Fallbearbeitung", "If-Match", etag));
        assertThat(stale.status()).as("a stale ETag").isEqualTo(412);
        assertThat(stale.isProblem()).isTrue();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                gateway.get("/api/v1/notifications/inbox", anna()).json().findValuesAsString("title"))
                .contains("Entscheidung über Ihren Antrag"));
        // the fee rule refunds on rejection: RefundRequested → service-payments refunds at the provider
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode payment = gateway.get("/api/v1/payments/" + paymentId, anna()).json();
            assertThat(payment.get("amountRefundedCents").asLong()).isEqualTo(payment.get("amountCents").asLong());
            assertThat(payment.get("amountAvailableCents").asLong()).isZero();
        });
    }

    @Test
    @Order(7)
    void malformedJsonGets400ProblemJson() {
        Response response = gateway.post("/api/v1/applications", anna(), "{\"serviceType\": ");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.isProblem()).isTrue();
        assertThat(response.json().get("detail").asText()).contains("not well-formed JSON");
    }

    @Test
    @Order(8)
    void withTheBrokerDownASubmissionSucceedsAndItsEventArrivesWhenTheBrokerIsBack() {
        stack.stopKafka();
        String duringOutage;
        try {
            duringOutage = submit(anna(), "meldebescheinigung", MELDEBESCHEINIGUNG).json().get("id").asText();
            assertThat(gateway.get("/api/v1/applications/" + duringOutage, anna()).status()).isEqualTo(200);
        } finally {
            stack.startKafka();
        }

        try (EventProbe probe = new EventProbe(stack.kafkaBootstrap(), "rathaus.applications.v1")) {
            CloudEvent event = probe.await(r -> duringOutage.equals(r.key()), Duration.ofSeconds(90))
                    .orElseThrow(() -> new AssertionError("the event recorded during the outage never arrived")).value();
            assertThat(event.getType()).isEqualTo("de.rathaus.applications.ApplicationSubmitted.v1");
        }
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(
                gateway.get("/api/v1/notifications/inbox", anna()).json().findValuesAsString("body"))
                .anySatisfy(body -> assertThat(body).contains(duringOutage)));
    }

    @Test
    @Order(9)
    void anExpiredKeycloakTokenGets401() {
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            Response response = gateway.get("/api/v1/applications", shortLivedAnna);
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.isProblem()).isTrue();
        });
        assertThat(gateway.get("/api/v1/applications", anna()).status()).as("a fresh token still works").isEqualTo(200);
    }

    @Test
    @Order(10)
    void correlationIdsAreEchoedThroughTheGateway() {
        Response response = gateway.send(gateway.request("/api/v1/applications", anna()).GET(), Map.of("X-Correlation-Id", "e2e-4711"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("X-Correlation-Id")).isEqualTo("e2e-4711");
    }

    @Test
    @Order(11)
    void aCitizenBooksAnAppointmentGetsItsCalendarFileAndIsNotified() {
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Berlin"));
        Response slots = gateway.get("/api/v1/appointments/slots?serviceType=personalausweis&from=%s&to=%s&size=5"
                .formatted(today, today.plusDays(14)), anna());
        assertThat(slots.status()).as(slots.toString()).isEqualTo(200);
        assertThat(slots.json().get("items").size()).as("free slots in the next two weeks").isPositive();
        String slotId = slots.json().get("items").get(0).get("id").asText();

        Response reserved = gateway.post("/api/v1/appointments/bookings", anna(), "{\"slotId\": \"%s\"}".formatted(slotId));
        assertThat(reserved.status()).as(reserved.toString()).isEqualTo(201);
        assertThat(reserved.json().get("status").asText()).isEqualTo("RESERVED");
        String appointmentId = reserved.json().get("id").asText();

        Response confirmed = post("/api/v1/appointments/bookings/" + appointmentId + "/confirm", anna(), "{}", Map.of());
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        assertThat(confirmed.json().get("status").asText()).isEqualTo("BOOKED");

        Response calendar = gateway.get("/api/v1/appointments/bookings/" + appointmentId + "/calendar.ics", anna());
        assertThat(calendar.status()).isEqualTo(200);
        assertThat(calendar.contentType()).startsWith("text/calendar");
        assertThat(calendar.body()).contains("BEGIN:VCALENDAR", "BEGIN:VEVENT", "DTSTART");
        assertThat(gateway.get("/api/v1/appointments/bookings/" + appointmentId, ben()).status())
                .as("another citizen").isEqualTo(404);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                gateway.get("/api/v1/notifications/inbox", anna()).json().findValuesAsString("title"))
                .contains("Termin gebucht"));
    }

    @Test
    @Order(12)
    void aGuestWithoutAccountReservesAndGetsTheEmailThroughTheGuestContactLookup() {
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Berlin"));
        Response slots = gateway.get("/api/v1/appointments/public/bochum/slots?serviceType=personalausweis&from=%s&to=%s&size=5"
                .formatted(today, today.plusDays(14)), null);
        assertThat(slots.status()).as(slots.toString()).isEqualTo(200);
        String slotId = slots.json().get("items").get(0).get("id").asText();
        String email = "gast-" + UUID.randomUUID() + "@example.org";

        Response reserved = gateway.post("/api/v1/appointments/public/bochum/reservations", null,
                "{\"slotId\": \"%s\", \"email\": \"%s\"}".formatted(slotId, email));
        assertThat(reserved.status()).as(reserved.toString()).isEqualTo(202);
        assertThat(reserved.body()).as("the signed link goes by e-mail only").doesNotContain("manage");

        // AppointmentReserved carries only a guestContactId; service-notifications resolves the address and the
        // signed link at service-appointments with its Keycloak service account, and sends the mail over SMTP
        ApiClient mail = new ApiClient(stack.config().mailApiUrl());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Response inbox = mail.get("/api/user/" + email + "/messages/", null);
            assertThat(inbox.status()).isEqualTo(200);
            assertThat(inbox.body()).contains("Termin vorgemerkt");
        });
    }
}
