package de.rathaus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import de.rathaus.testsupport.ApiClient;
import de.rathaus.testsupport.ApiClient.Response;
import de.rathaus.testsupport.TestTokens;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged gateway over real HTTP in front of a fake service that echoes what it receives, with tokens signed
 * by a real JWKS endpoint ({@link TestTokens}). Payments points at a port where nothing listens; a path ending in
 * {@code /hang} on the fake service never gets an answer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayIT {

    static final TestTokens tokens = new TestTokens();
    static final FakeService service = new FakeService();
    static final String ANNA = "citizen-anna-" + UUID.randomUUID();
    static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    static final String PORTAL = "http://localhost:5173";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("rathaus.security.issuer-uri", tokens::issuer);
        registry.add("rathaus.routes.applications-uri", service::uri);
        registry.add("rathaus.routes.appointments-uri", service::uri);
        registry.add("rathaus.routes.notifications-uri", service::uri);
        registry.add("rathaus.routes.payments-uri", FakeService::unreachableUri);
        registry.add("spring.cloud.gateway.server.webflux.httpclient.response-timeout", () -> "2s");
        registry.add("rathaus.rate-limit.per-user.capacity", () -> "10000");
    }

    @AfterAll
    static void stop() {
        tokens.close();
        service.close();
    }

    @LocalServerPort
    int port;
    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient("http://127.0.0.1:" + port);
    }

    String citizenToken() {
        return tokens.citizen(ANNA, "bochum");
    }

    Response get(String path, String token, Map<String, String> headers) {
        return api.send(api.request(path, token).GET(), headers);
    }

    static void assertProblem(Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.isProblem()).as(response.toString()).isTrue();
        JsonNode problem = response.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).isNotBlank();
        assertThat(problem.get("correlationId").asText()).isEqualTo(response.header("X-Correlation-Id")).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void validTokenIsRoutedWithAuthorizationCorrelationIdAndTraceparent() {
        String token = citizenToken();
        Response response = get("/api/v1/applications/mine?page=2", token,
                Map.of("X-Correlation-Id", "portal-4711", "traceparent", TRACEPARENT));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode echo = response.json();
        assertThat(echo.get("path").asText()).isEqualTo("/api/v1/applications/mine");
        assertThat(echo.get("query").asText()).isEqualTo("page=2");
        JsonNode seen = echo.get("headers");
        assertThat(seen.get("authorization").asText()).isEqualTo("Bearer " + token);
        assertThat(seen.get("x-correlation-id").asText()).isEqualTo("portal-4711");
        assertThat(seen.get("traceparent").asText()).isEqualTo(TRACEPARENT);
        assertThat(response.headers().get("X-Correlation-Id")).containsExactly("portal-4711");
    }

    @Test
    void unsafeCorrelationIdAndMalformedTraceparentAreReplaced() {
        Response response = get("/api/v1/appointments/offices", citizenToken(), Map.of(
                "X-Correlation-Id", "x".repeat(65),
                "traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                "tracestate", "vendor=opaque"));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode seen = response.json().get("headers");
        String correlationId = seen.get("x-correlation-id").asText();
        assertThat(UUID.fromString(correlationId)).isNotNull();
        assertThat(response.header("X-Correlation-Id")).isEqualTo(correlationId);
        assertThat(seen.get("traceparent").asText())
                .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01")
                .doesNotContain("00000000000000000000000000000000");
        assertThat(seen.has("tracestate")).isFalse();
    }

    @Test
    void missingIdsAreCreated() {
        Response response = get("/api/v1/notifications", citizenToken(), Map.of());

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode echo = response.json();
        assertThat(echo.get("path").asText()).isEqualTo("/api/v1/notifications");
        assertThat(UUID.fromString(echo.get("headers").get("x-correlation-id").asText())).isNotNull();
        assertThat(echo.get("headers").get("traceparent").asText()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    }

    static Stream<Arguments> rejectedTokens() {
        List<String> roles = List.of("citizen");
        String subject = "citizen-" + UUID.randomUUID();
        return Stream.of(
                Arguments.of("no token", null, "bearer access token is required"),
                Arguments.of("expired", tokens.expired(subject, "bochum", roles), "expired"),
                Arguments.of("forged signature", tokens.forged(subject, "bochum", roles), "rejected"),
                Arguments.of("wrong issuer", tokens.tokenWith(subject, "bochum", roles,
                        Map.of("iss", "http://127.0.0.1:1/realms/other")), "iss"),
                Arguments.of("wrong audience", tokens.tokenWith(subject, "bochum", roles,
                        Map.of("aud", List.of("account", "other-api"))), "aud"),
                Arguments.of("no tenant", tokens.token(subject, null, roles), "tenant"),
                Arguments.of("malformed tenant", tokens.token(subject, "Bochum City", roles), "tenant"),
                Arguments.of("not a JWT", "not.a.jwt", "rejected"),
                Arguments.of("malformed bearer header", "abc def", "malformed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedTokens")
    void invalidTokensAreRejectedWith401ProblemAndNeverForwarded(String kind, String token, String detailMentions) {
        String correlationId = "reject-" + UUID.randomUUID();
        Response response = get("/api/v1/applications/mine", token, Map.of("X-Correlation-Id", correlationId));

        assertProblem(response, 401);
        assertThat(response.json().get("detail").asText()).containsIgnoringCase(detailMentions);
        assertThat(response.json().get("correlationId").asText()).isEqualTo(correlationId);
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        if (token != null) {
            assertThat(response.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
        }
        assertThat(service.receivedCorrelationId(correlationId)).as("forwarded to the service").isFalse();
    }

    @Test
    void forgedTokensWithUnknownKeyIdsAreRejectedWith401EvenInQuickSuccession() {
        // an attacker's flood: every token names a key id the realm never had, and the JWKS may be refetched for
        // such ids only now and then; between the refetches the keys at hand are current, so the token is invalid
        List<String> forged = Stream.generate(() -> signedWithUnknownKey(citizenToken())).limit(5).toList();
        int fetchesBefore = tokens.jwksRequests();

        for (String token : forged) {
            Response response = get("/api/v1/applications/mine", token, Map.of());
            assertProblem(response, 401);
            assertThat(response.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
        }
        assertThat(tokens.jwksRequests() - fetchesBefore).as("refetches of the JWKS").isLessThanOrEqualTo(2);
    }

    /** The token's claims signed with a key of a key id nobody knows. */
    static String signedWithUnknownKey(String token) {
        try {
            RSAKey key = new RSAKeyGenerator(2048).keyID("unknown-" + UUID.randomUUID()).generate();
            SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    SignedJWT.parse(token).getJWTClaimsSet());
            forged.sign(new RSASSASigner(key));
            return forged.serialize();
        } catch (JOSEException | ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void headerWithAControlCharacterIsRefusedByTheFirewallAndNeverForwarded() {
        // Netty itself refuses C0 controls in header values; a C1 control (byte 0x85, NEL) passes it and is left to
        // the firewall (HeaderCharacters), which checks the headers the gateway reads, the Authorization header first
        String correlationId = "firewall-" + UUID.randomUUID();
        String token = citizenToken();
        RawHttp.Response response = RawHttp.send(port, "GET", "/api/v1/applications/mine", Map.of(
                "Authorization", "Bearer " + token.substring(0, 20) + "\u0085" + token.substring(20),
                "X-Correlation-Id", correlationId));

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().get("content-type")).startsWith("application/problem+json");
        assertThat(response.body()).contains("\"status\":400").contains("refused").doesNotContain(token.substring(20, 60));
        assertThat(service.receivedCorrelationId(correlationId)).as("forwarded to the service").isFalse();
    }

    /** A problem+json answer read off the wire, with the correlation id in header and body. */
    static JsonNode assertRawProblem(RawHttp.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().get("content-type")).as(response.body()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).isNotBlank();
        assertThat(problem.get("correlationId").asText()).isEqualTo(response.headers().get("x-correlation-id")).isNotBlank();
        return problem;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/v1/applications/%zz", "/api/v1/applications/100%", "/api/v1/applications/a|b"})
    void aPathThatIsNoValidUriIs400Problem(String path) {
        RawHttp.Response response = RawHttp.send(port, "GET", path, Map.of(
                "Authorization", "Bearer " + citizenToken(), "X-Correlation-Id", "bad-path-1"));

        JsonNode problem = assertRawProblem(response, 400);
        assertThat(problem.get("correlationId").asText()).isEqualTo("bad-path-1");
        assertThat(problem.get("detail").asText()).contains("percent-encoding");
    }

    @Test
    void tooLargeHeadersAndRequestLinesAreProblems() {
        JsonNode headers = assertRawProblem(RawHttp.send(port, "GET", "/api/v1/applications/mine",
                Map.of("X-Padding", "x".repeat(20 * 1024))), 431);
        assertThat(headers.get("detail").asText()).contains("header");

        JsonNode line = assertRawProblem(RawHttp.send(port, "GET", "/api/v1/applications/" + "x".repeat(5000), Map.of()), 414);
        assertThat(line.get("detail").asText()).contains("URI");
    }

    @Test
    void publicFolderOfAServiceIsForwardedWithoutToken() {
        Response response = api.send(api.request("/api/v1/payments/public/provider-notifications", null)
                .POST(HttpRequest.BodyPublishers.ofString("{}")), Map.of("Content-Type", "application/json"));
        // payments is down in this test: the request got past security and was routed
        assertThat(response.status()).as(response.toString()).isEqualTo(503);

        Response link = get("/api/v1/appointments/public/links/abc", null, Map.of());
        assertThat(link.status()).as(link.toString()).isEqualTo(200);
        assertThat(link.json().get("path").asText()).isEqualTo("/api/v1/appointments/public/links/abc");
        assertThat(link.json().get("headers").has("authorization")).isFalse();
    }

    @Test
    void onlyTheServicesPublicFoldersAreTokenLess() {
        assertProblem(get("/api/v1/appointments/publicity", null, Map.of()), 401);
        assertProblem(get("/api/v1/appointments/offices/public/x", null, Map.of()), 401);
        assertProblem(get("/api/v1/appointments/public/links/abc", "forged.token.value", Map.of()), 401);
    }

    @Test
    void pathsOutsideTheApiAreDenied() {
        assertProblem(get("/internal/config", citizenToken(), Map.of()), 403);
        assertProblem(get("/internal/config", null, Map.of()), 401);
        assertProblem(get("/actuator/env", citizenToken(), Map.of()), 403);
    }

    @Test
    void unknownApiPathIs404Problem() {
        Response response = get("/api/v1/unknown/things", citizenToken(), Map.of());

        assertProblem(response, 404);
        assertThat(response.json().get("detail").asText()).contains("/api/v1/unknown/things");
        assertThat(response.json().get("instance").asText()).isEqualTo("/api/v1/unknown/things");
    }

    @Test
    void serviceDownIs503Problem() {
        Response response = get("/api/v1/payments/open", citizenToken(), Map.of());

        assertProblem(response, 503);
        assertThat(response.json().get("detail").asText()).contains("payments");
    }

    @Test
    void serviceNotAnsweringIs504Problem() {
        Response response = get("/api/v1/notifications/hang", citizenToken(), Map.of());

        assertProblem(response, 504);
        assertThat(response.json().get("detail").asText()).contains("notifications");
    }

    @Test
    void declaredOversizeBodyIs413ProblemBeforeAnythingIsForwarded() {
        String correlationId = "big-" + UUID.randomUUID();
        RawHttp.Response response = RawHttp.send(port, "POST", "/api/v1/applications", Map.of(
                "Authorization", "Bearer " + citizenToken(),
                "Content-Type", "application/json",
                "Content-Length", Long.toString(2L * 1024 * 1024),
                "X-Correlation-Id", correlationId));

        assertThat(response.status()).as(response.body()).isEqualTo(413);
        assertThat(response.headers().get("content-type")).startsWith("application/problem+json");
        assertThat(response.body()).contains("\"status\":413").contains("1048576 bytes").contains(correlationId);
        assertThat(service.receivedCorrelationId(correlationId)).isFalse();
    }

    @Test
    void streamedOversizeBodyIs413Problem() {
        byte[] body = new byte[1024 * 1024 + 100_000];
        // an input stream of unknown length makes the client send the body chunked, without Content-Length
        HttpRequest.Builder request = api.request("/api/v1/applications", citizenToken())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
        Response response = api.send(request, Map.of("Content-Type", "application/json"));

        assertProblem(response, 413);
        assertThat(response.json().get("detail").asText()).contains("1048576 bytes");
    }

    @Test
    void aDocumentUploadMayBeLargerThanOtherBodies() {
        String documents = "/api/v1/applications/" + UUID.randomUUID() + "/documents";
        byte[] document = new byte[5 * 1024 * 1024];
        Response declared = api.send(api.request(documents, citizenToken()).POST(HttpRequest.BodyPublishers.ofByteArray(document)),
                Map.of("Content-Type", "multipart/form-data; boundary=x"));
        assertThat(declared.status()).as(declared.toString()).isEqualTo(200);
        assertThat(declared.json().get("bodySize").asLong()).isEqualTo(document.length);

        Response streamed = api.send(api.request(documents, citizenToken())
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(document))),
                Map.of("Content-Type", "multipart/form-data; boundary=x"));
        assertThat(streamed.status()).as(streamed.toString()).isEqualTo(200);
        assertThat(streamed.json().get("bodySize").asLong()).isEqualTo(document.length);

        RawHttp.Response tooLarge = RawHttp.send(port, "POST", documents, Map.of(
                "Authorization", "Bearer " + citizenToken(),
                "Content-Type", "multipart/form-data; boundary=x",
                "Content-Length", Long.toString(12L * 1024 * 1024)));
        assertThat(tooLarge.status()).as(tooLarge.body()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("11534336 bytes");
    }

    @Test
    void bodyWithinTheLimitIsForwarded() {
        String body = "{\"serviceType\":\"meldebescheinigung\"}";
        Response response = api.post("/api/v1/applications", citizenToken(), body);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("method").asText()).isEqualTo("POST");
        assertThat(response.json().get("bodySize").asLong()).isEqualTo(body.length());
    }

    @Test
    void corsPreflightFromThePortalNeedsNoToken() {
        Response response = api.send(api.request("/api/v1/applications", null)
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()),
                Map.of("Origin", PORTAL,
                        "Access-Control-Request-Method", "POST",
                        "Access-Control-Request-Headers", "authorization,content-type,idempotency-key,x-correlation-id"));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo(PORTAL);
        assertThat(response.header("Access-Control-Allow-Methods")).contains("POST");
        assertThat(response.header("Access-Control-Allow-Headers").toLowerCase())
                .contains("authorization").contains("idempotency-key").contains("x-correlation-id");
    }

    @Test
    void aClerksBrowserMayStateThePurposeAndSendTheETag() {
        Response response = api.send(api.request("/api/v1/applications/backoffice/cases/4711/decision", null)
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()),
                Map.of("Origin", PORTAL,
                        "Access-Control-Request-Method", "POST",
                        "Access-Control-Request-Headers", "authorization,content-type,if-match,x-purpose,traceparent"));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo(PORTAL);
        assertThat(response.header("Access-Control-Allow-Headers").toLowerCase())
                .contains("x-purpose").contains("if-match").contains("traceparent");
    }

    @Test
    void corsActualRequestFromThePortalExposesHeaders() {
        Response response = get("/api/v1/applications/mine", citizenToken(), Map.of("Origin", PORTAL));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.headers().get("Access-Control-Allow-Origin")).containsExactly(PORTAL);
        assertThat(response.header("Access-Control-Expose-Headers"))
                .contains("Location").contains("ETag").contains("Retry-After").contains("X-Correlation-Id");
    }

    @Test
    void corsFromAnotherOriginIsRefused() {
        Response preflight = api.send(api.request("/api/v1/applications", null)
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()),
                Map.of("Origin", "https://evil.example", "Access-Control-Request-Method", "POST"));
        assertProblem(preflight, 403);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();

        String correlationId = "cors-" + UUID.randomUUID();
        Response actual = get("/api/v1/applications/mine", citizenToken(),
                Map.of("Origin", "https://evil.example", "X-Correlation-Id", correlationId));
        assertProblem(actual, 403);
        assertThat(service.receivedCorrelationId(correlationId)).isFalse();
    }

    @Test
    void swaggerUiAndContractsArePublic() {
        Response ui = get("/swagger-ui.html", null, Map.of());
        assertThat(ui.status()).as(ui.toString()).isIn(200, 302);
        String page = ui.status() == 302 ? ui.header("Location") : "/swagger-ui.html";
        Response html = get(page.replaceFirst("^https?://[^/]+", ""), null, Map.of());
        assertThat(html.status()).as(html.toString()).isEqualTo(200);
        assertThat(html.body()).contains("swagger-ui");
        Response initializer = get("/swagger-ui/swagger-initializer.js", null, Map.of());
        assertThat(initializer.status()).as(initializer.toString()).isEqualTo(200);
        assertThat(initializer.body()).contains("/v3/api-docs/swagger-config").doesNotContain("petstore");

        Response config = get("/v3/api-docs/swagger-config", null, Map.of());
        assertThat(config.status()).as(config.toString()).isEqualTo(200);
        assertThat(config.body()).contains("/contracts/applications.yaml", "/contracts/appointments.yaml",
                "/contracts/payments.yaml", "/contracts/notifications.yaml");

        assertThat(get("/v3/api-docs", null, Map.of()).status()).as("the gateway's own, empty API docs").isEqualTo(401);

        for (String contract : List.of("applications", "appointments", "payments", "notifications", "common")) {
            Response yaml = get("/contracts/" + contract + ".yaml", null, Map.of());
            assertThat(yaml.status()).as(contract + ": " + yaml).isEqualTo(200);
            assertThat(yaml.contentType()).startsWith("application/yaml");
            assertThat(yaml.body()).startsWith("openapi: 3.1");
        }
    }

    @Test
    void healthProbesArePublic() {
        Response readiness = get("/actuator/health/readiness", null, Map.of());
        assertThat(readiness.status()).as(readiness.toString()).isEqualTo(200);
        assertThat(readiness.json().get("status").asText()).isEqualTo("UP");
        assertThat(get("/actuator/health/liveness", null, Map.of()).status()).isEqualTo(200);
        assertThat(get("/actuator/info", null, Map.of()).status()).isEqualTo(200);
    }
}
