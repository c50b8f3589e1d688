package de.rathaus.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import de.rathaus.platform.ServletTestApp;
import de.rathaus.testsupport.ApiClient;
import de.rathaus.testsupport.ApiClient.Response;
import de.rathaus.testsupport.TestTokens;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A service answers forged tokens that name a key id the realm never had with 401, also in a flood, while it may
 * refetch the realm's keys for such ids only now and then (which protects Keycloak).
 */
@SpringBootTest(classes = ServletTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UnknownKeyIdIT {

    static final TestTokens tokens = new TestTokens();

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

    @Test
    void aValidTokenPasses() {
        Response response = new ApiClient("http://127.0.0.1:" + port).get("/api/v1/test/caller", tokens.citizen("anna", "bochum"));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("tenant").asText()).isEqualTo("bochum");
    }

    @Test
    void forgedTokensWithUnknownKeyIdsAreRejectedWith401EvenInQuickSuccession() {
        ApiClient api = new ApiClient("http://127.0.0.1:" + port);
        List<String> forged = Stream.generate(() -> withUnknownKeyId(tokens.citizen("mallory", "bochum"))).limit(5).toList();
        int fetchesBefore = tokens.jwksRequests();

        for (String token : forged) {
            Response response = api.get("/api/v1/test/caller", token);
            assertThat(response.status()).as(response.toString()).isEqualTo(401);
            assertThat(response.isProblem()).as(response.toString()).isTrue();
            assertThat(response.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
        }
        assertThat(tokens.jwksRequests() - fetchesBefore).as("refetches of the JWKS").isLessThanOrEqualTo(2);
    }

    /** The token with its key id replaced by one nobody knows, as an attacker rewrites it; the signature stays. */
    static String withUnknownKeyId(String token) {
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"unknown-" + UUID.randomUUID() + "\"}";
        return Base64.getUrlEncoder().withoutPadding().encodeToString(header.getBytes(StandardCharsets.UTF_8))
                + token.substring(token.indexOf('.'));
    }
}
