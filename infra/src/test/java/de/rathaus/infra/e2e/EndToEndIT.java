package de.rathaus.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import de.rathaus.infra.stack.LocalStack;
import de.rathaus.infra.stack.StackConfig;
import de.rathaus.testsupport.ApiClient;
import de.rathaus.testsupport.ApiClient.Response;
import de.rathaus.testsupport.EventProbe;
import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
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

    static String submit(String token, String serviceType) {
        Response response = gateway.post("/api/v1/applications", token, "{\"serviceType\": \"%s\", \"formData\": {\"anzahl\": 1}}".formatted(serviceType));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("id").asText();
    }

    static String applicationId;

    @Test
    @Order(1)
    void aCitizenSubmitsAndTheEventIsAValidCloudEventOnKafka() {
        applicationId = submit(anna(), "meldebescheinigung");

        try (EventProbe probe = new EventProbe(stack.kafkaBootstrap(), "rathaus.applications.v1")) {
            CloudEvent event = probe.await(r -> applicationId.equals(r.key()), Duration.ofSeconds(60))
                    .orElseThrow(() -> new AssertionError("no ApplicationSubmitted on Kafka")).value();
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
    void theCitizensInboxShowsTheNotificationAndThePaymentRequestExists() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                gateway.get("/api/v1/notifications/inbox", anna()).json().findValuesAsString("body"))
                .anySatisfy(body -> assertThat(body).contains(applicationId).contains("eingegangen")));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                gateway.get("/api/v1/payments", anna()).json().findValuesAsString("id")).isNotEmpty());
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
    void aClerkOfTheOtherTenantSeesNothingAndTheClerkOfTheTenantProcesses() {
        assertThat(gateway.get("/api/v1/applications/backoffice/applications", sven()).json().findValuesAsString("id"))
                .doesNotContain(applicationId);
        assertThat(gateway.get("/api/v1/applications/" + applicationId, sven()).status()).isEqualTo(404);

        assertThat(gateway.get("/api/v1/applications/backoffice/applications", clara()).json().findValuesAsString("id"))
                .contains(applicationId);
        Response changed = gateway.put("/api/v1/applications/backoffice/applications/" + applicationId + "/status", clara(),
                "{\"status\": \"IN_REVIEW\"}");
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                gateway.get("/api/v1/notifications/inbox", anna()).json().findValuesAsString("title"))
                .contains("Neuer Bearbeitungsstand"));
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
            duringOutage = submit(anna(), "anwohnerparkausweis");
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
}
