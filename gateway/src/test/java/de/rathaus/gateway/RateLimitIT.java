package de.rathaus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import de.rathaus.testsupport.ApiClient;
import de.rathaus.testsupport.ApiClient.Response;
import de.rathaus.testsupport.TestTokens;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Tiny limits (3 requests per user, 8 per client, one new token every 100 s) show both buckets at work: a user
 * runs dry without affecting other users, and all users of a client together run its bucket dry.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RateLimitIT {

    static final TestTokens tokens = new TestTokens();
    static final FakeService service = new FakeService();
    static final List<String> CITIZEN = List.of("citizen");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("rathaus.security.issuer-uri", tokens::issuer);
        registry.add("rathaus.routes.applications-uri", service::uri);
        registry.add("rathaus.rate-limit.per-user.capacity", () -> "3");
        registry.add("rathaus.rate-limit.per-user.refill-per-second", () -> "0.01");
        registry.add("rathaus.rate-limit.per-client.capacity", () -> "8");
        registry.add("rathaus.rate-limit.per-client.refill-per-second", () -> "0.01");
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

    Response call(String token) {
        return api.get("/api/v1/applications/mine", token);
    }

    String token(String subject, String client) {
        return tokens.tokenWith(subject, "bochum", CITIZEN, Map.of("azp", client));
    }

    @Test
    void perUserAndPerClientLimits() {
        String client = "rathaus-portal-" + UUID.randomUUID();
        String anna = token("anna-" + UUID.randomUUID(), client);
        String ben = token("ben-" + UUID.randomUUID(), client);
        String carlSubject = "carl-" + UUID.randomUUID();
        String carl = token(carlSubject, client);

        for (int i = 1; i <= 3; i++) {
            assertThat(call(anna).status()).as("anna #" + i).isEqualTo(200);
        }
        int forwardedBefore = service.received().size();
        Response limited = call(anna);
        GatewayIT.assertProblem(limited, 429);
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 100L);
        assertThat(limited.json().get("detail").asText()).contains("your account");
        assertThat(service.received()).as("a limited request is not forwarded").hasSize(forwardedBefore);

        // a second user of the same client is not limited by the first
        for (int i = 1; i <= 3; i++) {
            assertThat(call(ben).status()).as("ben #" + i).isEqualTo(200);
        }
        // 6 of the client's 8 tokens are used: carl gets two, then the client's bucket is empty
        assertThat(call(carl).status()).isEqualTo(200);
        assertThat(call(carl).status()).isEqualTo(200);
        Response clientLimited = call(carl);
        GatewayIT.assertProblem(clientLimited, 429);
        assertThat(clientLimited.json().get("detail").asText()).contains("client application");
        assertThat(clientLimited.header("Retry-After")).isNotBlank();

        // carl's own token was given back, so another client still lets him through once
        assertThat(call(token(carlSubject, "rathaus-cli-" + UUID.randomUUID())).status()).isEqualTo(200);
        GatewayIT.assertProblem(call(token(carlSubject, "rathaus-cli-" + UUID.randomUUID())), 429);
    }

    @Test
    void tokenLessRequestsToPublicFoldersAreLimitedPerAddress() {
        for (int i = 1; i <= 3; i++) {
            assertThat(api.get("/api/v1/applications/public/ping", null).status()).as("#" + i).isEqualTo(200);
        }
        Response limited = api.get("/api/v1/applications/public/ping", null);
        GatewayIT.assertProblem(limited, 429);
        assertThat(limited.json().get("detail").asText()).contains("network address");
    }
}
