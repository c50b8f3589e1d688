package de.rathaus.applications;

import static org.assertj.core.api.Assertions.assertThat;

import de.rathaus.testsupport.ApiClient;
import de.rathaus.testsupport.ApiClient.Response;
import de.rathaus.testsupport.EventProbe;
import de.rathaus.testsupport.ServiceApiTest;
import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The service over real HTTP, real PostgreSQL and an embedded KRaft broker, with tokens from a real JWKS. */
class ApplicationsApiIT extends ApplicationsTestBase {

    static final String ANNA = "citizen-anna-" + UUID.randomUUID();
    static final String BEN = "citizen-ben-" + UUID.randomUUID();

    Response submit(String citizen, String tenant, String body) {
        return api.post("/api/v1/applications", tokens.citizen(citizen, tenant), body);
    }

    @Test
    void citizenSubmitsAndTheEventIsPublishedAsCloudEvent() {
        Response created = submit(ANNA, "bochum", MELDEBESCHEINIGUNG);

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode body = created.json();
        String id = body.get("id").asText();
        assertThat(created.header("Location")).isEqualTo("/api/v1/applications/" + id);
        assertThat(created.header("ETag")).isEqualTo("W/\"0\"");
        assertThat(body.get("status").asText()).as("Meldebescheinigung is paid before processing").isEqualTo("AWAITING_PAYMENT");
        assertThat(body.get("feeAmountCents").asLong()).isEqualTo(1000);
        assertThat(body.get("serviceTypeVersion").asInt()).isEqualTo(1);
        assertThat(body.get("formData").get("zweck").asText()).isEqualTo("Wohnungsgeber");
        assertThat(outboxTypes(id)).as("submitted and fee due, in the submit transaction").containsExactlyInAnyOrder(
                "de.rathaus.applications.ApplicationSubmitted.v1", "de.rathaus.applications.FeeDue.v1");

        try (EventProbe probe = new EventProbe(brokers, "rathaus.applications.v1")) {
            ConsumerRecord<String, CloudEvent> record = probe.await(r -> id.equals(r.key()), Duration.ofSeconds(20))
                    .orElseThrow(() -> new AssertionError("no event for " + id));
            CloudEvent event = record.value();
            assertThat(event.getType()).isEqualTo("de.rathaus.applications.ApplicationSubmitted.v1");
            assertThat(event.getSpecVersion().toString()).isEqualTo("1.0");
            assertThat(event.getSubject()).isEqualTo(id);
            assertThat(event.getSource().toString()).isEqualTo("urn:rathaus:service-applications");
            assertThat(event.getExtension("tenant")).isEqualTo("bochum");
            assertThat(String.valueOf(event.getExtension("traceparent"))).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
            assertThat(record.headers().lastHeader("ce_id")).as("binary mode").isNotNull();
            JsonNode data = JsonMapper.builder().build().readTree(new String(event.getData().toBytes(), StandardCharsets.UTF_8));
            assertThat(data.get("applicationId").asText()).isEqualTo(id);
            assertThat(data.get("citizenId").asText()).isEqualTo(ANNA);
            assertThat(data.get("serviceTypeKey").asText()).isEqualTo("meldebescheinigung");
            assertThat(data.get("feeAmountCents").asLong()).isEqualTo(1000);
            assertThat(data.has("zweck")).as("no form data, no personal data in events").isFalse();
        }
        JsonNode feeDue = data(awaitEvent(id, "FeeDue.v1"));
        assertThat(feeDue.get("amountCents").asLong()).isEqualTo(1000);
        assertThat(feeDue.get("currency").asText()).isEqualTo("EUR");
        assertThat(feeDue.get("description").asText()).isEqualTo("Meldebescheinigung");
        assertThat(feeDue.get("refundOnRejection").asBoolean()).isTrue();
        assertThat(feeDue.get("citizenId").asText()).isEqualTo(ANNA);
    }

    @Test
    void correlationIdAndTraceparentOfTheRequestTravelWithTheEvent() {
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        Response created = api.send(api.request("/api/v1/applications", tokens.citizen(ANNA, "bochum"))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(HUNDESTEUER)),
                Map.of("Content-Type", "application/json", "X-Correlation-Id", "corr-4711", "traceparent", traceparent));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("X-Correlation-Id")).isEqualTo("corr-4711");
        String id = created.json().get("id").asText();
        try (EventProbe probe = new EventProbe(brokers, "rathaus.applications.v1")) {
            CloudEvent event = probe.await(r -> id.equals(r.key()), Duration.ofSeconds(20)).orElseThrow().value();
            assertThat(event.getExtension("traceparent")).isEqualTo(traceparent);
            assertThat(event.getExtension("correlationid")).isEqualTo("corr-4711");
        }
    }

    @Test
    void citizensSeeOnlyTheirOwnApplications() {
        String id = submit(ANNA, "bochum", HUNDESTEUER).json().get("id").asText();

        assertThat(api.get("/api/v1/applications/" + id, tokens.citizen(ANNA, "bochum")).status()).isEqualTo(200);
        Response foreign = api.get("/api/v1/applications/" + id, tokens.citizen(BEN, "bochum"));
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.isProblem()).isTrue();
        assertThat(api.get("/api/v1/applications", tokens.citizen(BEN, "bochum")).json().findValuesAsString("id")).doesNotContain(id);
        assertThat(api.get("/api/v1/applications", tokens.citizen(ANNA, "bochum")).json().findValuesAsString("id")).contains(id);
    }

    @Test
    void clerkOfTheTenantProcessesAndClerkOfAnotherTenantSeesNothing() {
        String id = submit(ANNA, "bochum", GEWERBE).json().get("id").asText();
        String clara = tokens.clerk("clerk-clara", "bochum");
        String sven = tokens.clerk("clerk-sven", "soest");

        assertThat(api.get("/api/v1/applications/backoffice/applications?status=SUBMITTED", clara).json().findValuesAsString("id")).contains(id);
        assertThat(api.get("/api/v1/applications/backoffice/applications", sven).json().findValuesAsString("id")).doesNotContain(id);
        assertThat(api.get("/api/v1/applications/" + id, sven).status()).isEqualTo(404);
        assertThat(write("PUT", "/api/v1/applications/backoffice/applications/" + id + "/status", sven,
                "{\"status\": \"IN_REVIEW\"}", "W/\"0\"").status()).isEqualTo(404);

        Response changed = write("PUT", "/api/v1/applications/backoffice/applications/" + id + "/status", clara,
                "{\"status\": \"IN_REVIEW\", \"reason\": \"Unterlagen vollständig\"}", etag(id, clara));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().get("status").asText()).isEqualTo("IN_REVIEW");

        try (EventProbe probe = new EventProbe(brokers, "rathaus.applications.v1")) {
            CloudEvent event = probe.await(r -> id.equals(r.key())
                    && r.value().getType().endsWith("ApplicationStatusChanged.v1"), Duration.ofSeconds(20)).orElseThrow().value();
            JsonNode data = JsonMapper.builder().build().readTree(new String(event.getData().toBytes(), StandardCharsets.UTF_8));
            assertThat(data.get("previousStatus").asText()).isEqualTo("SUBMITTED");
            assertThat(data.get("status").asText()).isEqualTo("IN_REVIEW");
            assertThat(data.get("changedBy").asText()).isEqualTo("clerk-clara");
            assertThat(data.get("from").asText()).isEqualTo("SUBMITTED");
            assertThat(data.get("to").asText()).isEqualTo("IN_REVIEW");
            assertThat(data.get("serviceTypeKey").asText()).isEqualTo("gewerbeanmeldung");
        }
    }

    @Test
    void illegalTransitionIsAConflict() {
        String id = submit(ANNA, "bochum", HUNDESTEUER).json().get("id").asText();

        String clara = tokens.clerk("clerk-clara", "bochum");
        Response response = write("PUT", "/api/v1/applications/backoffice/applications/" + id + "/status",
                clara, "{\"status\": \"CLOSED\"}", etag(id, clara));

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.isProblem()).isTrue();
        assertThat(response.json().get("detail").asText()).isEqualTo("An application in status SUBMITTED cannot move to CLOSED.");
    }

    @Test
    void citizenOnClerkEndpointIsForbidden() {
        Response response = api.get("/api/v1/applications/backoffice/applications", tokens.citizen(ANNA, "bochum"));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.isProblem()).isTrue();
    }

    @Test
    void tokensAreValidatedByTheServiceItself() {
        List<String> roles = List.of("citizen");
        assertThat(api.get("/api/v1/applications", null).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/applications", tokens.expired(ANNA, "bochum", roles)).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/applications", tokens.forged(ANNA, "bochum", roles)).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/applications", tokens.tokenWith(ANNA, "bochum", roles,
                Map.of("iss", "http://evil.example/realms/rathaus"))).status()).as("issuer").isEqualTo(401);
        assertThat(api.get("/api/v1/applications", tokens.tokenWith(ANNA, "bochum", roles,
                Map.of("aud", List.of("another-api")))).status()).as("audience").isEqualTo(401);
        assertThat(api.get("/api/v1/applications", tokens.token(ANNA, null, roles)).status()).as("tenant").isEqualTo(401);

        Response unauthorized = api.get("/api/v1/applications", null);
        assertThat(unauthorized.isProblem()).isTrue();
        assertThat(unauthorized.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void malformedJsonIsA400ProblemWithAClearMessage() {
        Response response = submit(ANNA, "bochum", "{\"serviceType\": ");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.isProblem()).isTrue();
        assertThat(response.json().get("detail").asText()).startsWith("The request body is not well-formed JSON");
        assertThat(response.body()).doesNotContain("tools.jackson", "Exception", "at de.");
    }

    @Test
    void invalidAndUnknownServiceTypesAreRejectedFieldByField() {
        Response invalid = submit(ANNA, "bochum", "{\"serviceType\": \"NOT VALID!\"}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("errors").get(0).get("field").asText()).isEqualTo("serviceType");

        Response unknown = submit(ANNA, "soest", SONDERNUTZUNG);
        assertThat(unknown.status()).as("offered in bochum, not in soest").isEqualTo(400);
        assertThat(unknown.json().get("detail").asText()).contains("serviceType", "soest");

        Response badId = api.get("/api/v1/applications/not-a-uuid", tokens.citizen(ANNA, "bochum"));
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.json().get("detail").asText()).contains("applicationId", "UUID");
    }

    @Test
    void aCitizenCannotSetStatusFeeOwnerOrTenant() {
        Response created = submit(ANNA, "bochum", """
                {"serviceType": "meldebescheinigung", "status": "APPROVED", "feeAmountCents": 0,
                 "citizenId": "someone-else", "tenant": "soest", "orgUnit": "x", "version": 7, "dueDate": "2020-01-01"}""");

        assertThat(created.status()).as("unknown fields are ignored, never applied").isEqualTo(201);
        JsonNode body = created.json();
        assertThat(body.get("status").asText()).isEqualTo("AWAITING_PAYMENT");
        assertThat(body.get("feeAmountCents").asLong()).isEqualTo(1000);
        assertThat(body.get("orgUnit").asText()).isEqualTo("buergerbuero");
        assertThat(body.get("version").asInt()).isZero();
        assertThat(jdbc.sql("select citizen_id from application where id = cast(:id as uuid)").param("id", body.get("id").asText())
                .query(String.class).single()).isEqualTo(ANNA);

        Response inForm = submit(ANNA, "bochum", """
                {"serviceType": "meldebescheinigung", "formData": {"anzahl": 1, "status": "APPROVED", "gebuehr": 0}}""");
        assertThat(inForm.status()).as("the form schema admits no extra fields either").isEqualTo(400);

        String draft = submit(ANNA, "bochum", "{\"serviceType\": \"hundesteuer-anmeldung\", \"draft\": true}").json().get("id").asText();
        Response update = write("PUT", "/api/v1/applications/" + draft, tokens.citizen(ANNA, "bochum"),
                "{\"formData\": {}, \"status\": \"APPROVED\", \"citizenId\": \"x\", \"tenant\": \"soest\"}", null);
        assertThat(update.status()).as(update.toString()).isEqualTo(200);
        assertThat(update.json().get("status").asText()).isEqualTo("DRAFT");
        String id = body.get("id").asText();
        assertThat(api.get("/api/v1/applications/" + id, tokens.citizen(ANNA, "bochum")).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/applications/" + id, tokens.clerk("clerk-sven", "soest")).status()).isEqualTo(404);
    }
}
