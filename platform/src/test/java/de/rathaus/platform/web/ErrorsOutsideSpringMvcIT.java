package de.rathaus.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import de.rathaus.platform.ServletTestApp;
import de.rathaus.testsupport.TestTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests that Tomcat refuses before any filter or Spring MVC sees them (an encoded slash, NUL or dot segment in
 * the path, invalid percent-encoding, oversized headers) and errors raised in filters are answered as problem+json
 * like every other error, never with Tomcat's HTML page.
 */
@SpringBootTest(classes = ServletTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ErrorsOutsideSpringMvcIT {

    static final TestTokens tokens = new TestTokens();
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ServletTestApp.register(registry, tokens);
    }

    @AfterAll
    static void stopJwks() {
        tokens.close();
    }

    @LocalServerPort
    int port;

    record Answer(int status, String contentType, String correlationId, String body) {

        JsonNode problem(int expectedStatus) {
            assertThat(status).as(body).isEqualTo(expectedStatus);
            assertThat(contentType).as(body).startsWith("application/problem+json");
            JsonNode problem = JSON.readTree(body);
            assertThat(problem.get("status").asInt()).isEqualTo(expectedStatus);
            assertThat(problem.get("title").asText()).isNotBlank();
            assertThat(problem.get("detail").asText()).isNotBlank();
            assertThat(problem.get("correlationId").asText()).isEqualTo(correlationId).isNotBlank();
            assertThat(body).doesNotContain("Exception").doesNotContain("Tomcat").doesNotContain("<html");
            return problem;
        }
    }

    /**
     * Sends the raw path as it is: {@link java.net.URL}, unlike {@link URI} and the HTTP client, neither checks nor
     * normalizes it.
     */
    @SuppressWarnings("deprecation")
    Answer get(String rawPath, Map<String, String> headers) {
        try {
            HttpURLConnection connection = (HttpURLConnection) new java.net.URL("http://127.0.0.1:" + port + rawPath).openConnection();
            connection.setRequestProperty("Authorization", "Bearer " + tokens.citizen("anna", "bochum"));
            headers.forEach(connection::setRequestProperty);
            int status = connection.getResponseCode();
            try (InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                return new Answer(status, String.valueOf(connection.getContentType()), connection.getHeaderField("X-Correlation-Id"),
                        body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8));
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/v1/test/a%2Fb", "/api/v1/test/a%00b", "/api/v1/test/a%zzb",
            "/%2e%2e/%2e%2e/etc/passwd", "/api/v1/test/../../../../etc/passwd", "/api/v1/test/a%5cb"})
    void aPathTomcatRefusesIs400Problem(String path) {
        JsonNode problem = get(path, Map.of("X-Correlation-Id", "bad-path-1")).problem(400);

        assertThat(problem.get("correlationId").asText()).isEqualTo("bad-path-1");
    }

    @Test
    void tooLargeHeadersAre400Problem() {
        // Tomcat's status for a request head beyond server.max-http-request-header-size (the gateway's is 431)
        JsonNode problem = get("/api/v1/test/caller", Map.of("X-Padding", "x".repeat(20 * 1024))).problem(400);

        assertThat(problem.get("detail").asText()).contains("header");
    }

    @Test
    void anExceptionInAFilterIs500Problem() {
        JsonNode problem = get(ServletTestApp.BROKEN_FILTER_PATH, Map.of("X-Correlation-Id", "filter-1")).problem(500);

        assertThat(problem.get("correlationId").asText()).isEqualTo("filter-1");
        assertThat(problem.get("detail").asText()).doesNotContain("broken filter");
    }

    @Test
    void anUnknownPathStaysA403ProblemAndAValidRequestPasses() {
        get("/internal/config", Map.of()).problem(403);
        assertThat(get("/api/v1/test/caller", Map.of()).status()).isEqualTo(200);
    }
}
