package de.rathaus.applications;

import static org.assertj.core.api.Assertions.assertThat;

import de.rathaus.applications.application.JobsForTests;
import de.rathaus.testsupport.ApiClient.Response;
import de.rathaus.testsupport.EventProbe;
import de.rathaus.testsupport.ServiceApiTest;
import de.rathaus.testsupport.TestClock;
import io.cloudevents.CloudEvent;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of this service's API tests: one Spring context (same annotations and properties in every subclass, so the
 * context cache shares it), real PostgreSQL, the embedded broker and tokens from the test JWKS.
 * <p>
 * Time is {@link #CLOCK}: the service's {@code Clock} bean, a Wednesday 09:00 in Berlin, back at that instant
 * before every test; a test picks dates relative to it and moves it. The scheduled jobs are off; a test runs them
 * through {@link JobsForTests} when it means to.
 */
@EmbeddedKafka(partitions = 1)
@Import({JobsForTests.class, ApplicationsTestBase.FixedClock.class})
public abstract class ApplicationsTestBase extends ServiceApiTest {

    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final String TOPIC = "rathaus.applications.v1";
    protected static final TestClock CLOCK = TestClock.standard();
    private static final Instant START = CLOCK.instant();

    @TestConfiguration(proxyBeanMethods = false)
    static class FixedClock {
        @Bean
        @Primary
        Clock testClock() {
            return CLOCK;
        }
    }

    @Autowired
    protected JdbcClient jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        register(registry, "test_applications");
        registry.add("rathaus.applications.documents.directory",
                () -> System.getProperty("java.io.tmpdir") + "/rathaus-documents-test");
        registry.add("rathaus.applications.documents.max-size", () -> "64KB");
        registry.add("rathaus.applications.jobs.enabled", () -> "false");
    }

    @BeforeEach
    void resetClock() {
        CLOCK.set(START);
    }

    private static volatile boolean cleaned;

    /** Once per test JVM: the database outlives runs, and work lists should only show this run's cases. */
    @BeforeEach
    void startFromEmptyCaseTables() {
        if (!cleaned) {
            synchronized (ApplicationsTestBase.class) {
                if (!cleaned) {
                    jdbc.sql("""
                            truncate application, application_status_change, application_document, application_note,
                                     application_timeline, audit_entry""").update();
                    cleaned = true;
                }
            }
        }
    }

    protected static final byte[] PDF = ("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            + "2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);
    protected Response upload(String token, String id, String kind, String fileName, String declaredType, byte[] content) {
        String boundary = "----rathaus" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n" + kind + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: " + declaredType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return api.send(api.request("/api/v1/applications/" + id + "/documents", token)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())),
                Map.of("Content-Type", "multipart/form-data; boundary=" + boundary));
    }

    protected static String newCitizen() {
        return "citizen-" + UUID.randomUUID();
    }

    protected String citizen(String subject) {
        return tokens.citizen(subject, "bochum");
    }

    protected String clerk(String subject, String tenant, String orgUnit) {
        return orgUnit == null ? tokens.clerk(subject, tenant)
                : tokens.tokenWith(subject, tenant, List.of("clerk"), Map.of("org_unit", orgUnit));
    }

    protected String admin(String tenant) {
        return tokens.token("admin-" + tenant, tenant, List.of("admin"));
    }

    protected Response submit(String token, String body) {
        return api.post("/api/v1/applications", token, body);
    }

    protected String submitted(String token, String body) {
        Response response = submit(token, body);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("id").asText();
    }

    protected static final String MELDEBESCHEINIGUNG = """
            {"serviceType": "meldebescheinigung", "formData": {"art": "EINFACH", "anzahl": 1, "zweck": "Wohnungsgeber"}}""";
    protected static final String HUNDESTEUER = """
            {"serviceType": "hundesteuer-anmeldung", "formData": {"hund": {"name": "Bello", "rasse": "Labrador",
             "geburtsdatum": "2024-03-01"}, "haltungSeit": "2025-01-15"}}""";
    protected static final String GEWERBE = """
            {"serviceType": "gewerbeanmeldung", "formData": {"betriebsbezeichnung": "Kiosk am Ring", "rechtsform": "EINZELUNTERNEHMEN",
             "taetigkeit": "Einzelhandel mit Zeitschriften", "beginn": "2026-01-01",
             "betriebsstaette": {"strasse": "Ring 1", "plz": "44787", "ort": "Bochum"}}}""";
    protected static final String SONDERNUTZUNG = """
            {"serviceType": "sondernutzungserlaubnis", "formData": {"zweck": "BAUGERUEST", "ort": "Kortumstraße 12",
             "flaecheQm": 12.5, "tage": 20, "beginn": "2026-03-01"}}""";

    /** A case in IN_REVIEW, claimed by clerk {@code clara} of bochum: Hundesteuer (no fee, no payment). */
    protected String inReview(String citizenToken, String clerkToken) {
        String id = submitted(citizenToken, HUNDESTEUER);
        Response claimed = write("PUT", "/api/v1/applications/backoffice/applications/" + id + "/assignment", clerkToken,
                "{}", etag(id, clerkToken));
        assertThat(claimed.status()).as(claimed.toString()).isEqualTo(200);
        return id;
    }

    protected String etag(String id, String token) {
        Response response = api.get("/api/v1/applications/" + id, token);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.header("ETag");
    }

    /** A JSON write with optional If-Match. */
    protected Response write(String method, String path, String token, String body, String ifMatch) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", "application/json");
        if (ifMatch != null) {
            headers.put("If-Match", ifMatch);
        }
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        return api.send(api.request(path, token).method(method, publisher), headers);
    }

    protected static JsonNode data(CloudEvent event) {
        return JSON.readTree(new String(event.getData().toBytes(), StandardCharsets.UTF_8));
    }

    protected CloudEvent awaitEvent(String id, String typeSuffix) {
        try (EventProbe probe = new EventProbe(brokers, TOPIC)) {
            return probe.await(r -> id.equals(r.key()) && r.value().getType().endsWith(typeSuffix), Duration.ofSeconds(20))
                    .orElseThrow(() -> new AssertionError("no " + typeSuffix + " for " + id)).value();
        }
    }

    protected List<String> outboxTypes(String id) {
        return jdbc.sql("select event_type from outbox_event where message_key = :id order by occurred_at, id")
                .param("id", id).query(String.class).list();
    }
}
