package de.rathaus.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import de.rathaus.platform.ServletTestApp;
import de.rathaus.testsupport.ApiClient;
import de.rathaus.testsupport.ApiClient.Response;
import de.rathaus.testsupport.TestTokens;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Input PostgreSQL cannot store or Spring cannot parse is the caller's fault: a NUL character in any JSON text and a
 * malformed multipart body are 400 problem+json (the NUL naming the field), never a 500.
 */
@SpringBootTest(classes = ServletTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BadInputIT {

    static final TestTokens tokens = new TestTokens();
    /** JSON's escape of the NUL character, as an attacker sends it. */
    static final String NUL = "\\u0000";

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
    ApiClient api;
    String token;

    @BeforeEach
    void client() {
        api = new ApiClient("http://127.0.0.1:" + port);
        token = tokens.citizen("anna", "bochum");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "/api/v1/test/notes | text | {\"text\":\"a@b\"}",
            "/api/v1/test/notes | address.street | {\"text\":\"t\",\"address\":{\"street\":\"@\"}}",
            "/api/v1/test/notes | tags[1] | {\"text\":\"t\",\"tags\":[\"x\",\"y@\"]}",
            "/api/v1/test/forms | formData.name | {\"formData\":{\"name\":\"@\"}}",
            "/api/v1/test/forms | formData.children[0].name | {\"formData\":{\"children\":[{\"name\":\"a@\"}]}}",
            "/api/v1/test/forms | formData | {\"formData\":{\"na@me\":\"x\"}}",
            "/api/v1/test/forms | formData.address | {\"formData\":{\"address\":{\"na@me\":\"x\"}}}",
            "/api/v1/test/forms | schema.properties.title | {\"schema\":{\"properties\":{\"title\":\"@\"}}}",
            "/api/v1/test/forms | schema.required | {\"schema\":{\"required\":{\"@\":true}}}"})
    void aNulCharacterInAnyTextIs400NamingTheField(String path, String field, String body) {
        Response response = api.post(path, token, body.replace("@", NUL));

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.isProblem()).as(response.toString()).isTrue();
        JsonNode error = response.json().get("errors").get(0);
        assertThat(error.get("field").asText()).isEqualTo(field);
        assertThat(error.get("message").asText()).contains("NUL");
        assertThat(response.json().get("correlationId").asText()).isNotBlank();
    }

    @Test
    void textWithoutNulPasses() {
        Response response = api.post("/api/v1/test/forms", token,
                "{\"formData\":{\"name\":\"Zoë \\u00e4\",\"children\":[{\"name\":\"a\\\\u0000\"}]},\"schema\":{\"title\":\"ok\"}}");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("formData").get("children").get(0).get("name").asText())
                .as("an escaped backslash followed by u0000 is text, not NUL").isEqualTo("a\\u0000");
    }

    static final String PART = "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
            + "Content-Type: text/plain\r\n\r\nabc\r\n";

    static Stream<Arguments> malformedMultipartBodies() {
        return Stream.of(
                Arguments.of("no boundary", "multipart/form-data", PART + "--x--\r\n"),
                Arguments.of("another boundary", "multipart/form-data; boundary=y", PART + "--x--\r\n"),
                Arguments.of("truncated", "multipart/form-data; boundary=x", PART.substring(0, PART.length() - 4)),
                Arguments.of("part without headers", "multipart/form-data; boundary=x", "--x\r\nabc\r\n--x--\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedMultipartBodies")
    void aMalformedMultipartBodyIs400Problem(String kind, String contentType, String body) {
        Response response = api.send(api.request("/api/v1/test/documents", token).POST(HttpRequest.BodyPublishers.ofString(body)),
                Map.of("Content-Type", contentType));

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.isProblem()).as(response.toString()).isTrue();
        assertThat(response.json().get("correlationId").asText()).isNotBlank();
    }

    @Test
    void aWellFormedMultipartBodyPasses() {
        Response response = api.send(api.request("/api/v1/test/documents", token)
                        .POST(HttpRequest.BodyPublishers.ofString(PART + "--x--\r\n")),
                Map.of("Content-Type", "multipart/form-data; boundary=x"));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("size").asLong()).isEqualTo(3);
    }
}
