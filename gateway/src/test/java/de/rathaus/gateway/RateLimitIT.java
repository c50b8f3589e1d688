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
 * Tiny limits (3 requests per user, 8 per municipality and client, 12 per client in all, one new token every
 * 100 s) show the three buckets at work: a user runs dry without affecting other users, the users of one
 * municipality run their share of a client dry without affecting another municipality, and all of them together
 * meet the client's ceiling.
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
        registry.add("rathaus.rate-limit.per-tenant.capacity", () -> "8");
        registry.add("rathaus.rate-limit.per-tenant.refill-per-second", () -> "0.01");
        registry.add("rathaus.rate-limit.per-client.capacity", () -> "12");
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

    String token(String subject, String tenant, String client) {
        return tokens.tokenWith(subject, tenant, CITIZEN, Map.of("azp", client));
    }

    @Test
    void usersAreLimitedOnTheirOwnAndMunicipalitiesEachGetTheirShareOfAClient() {
        String client = "rathaus-portal-" + UUID.randomUUID();
        String anna = token("anna-" + UUID.randomUUID(), "bochum", client);
        String ben = token("ben-" + UUID.randomUUID(), "bochum", client);
        String carlSubject = "carl-" + UUID.randomUUID();
        String carl = token(carlSubject, "bochum", client);

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
        // 6 of Bochum's 8 tokens of this client are used: carl gets two, then Bochum's share is used up
        assertThat(call(carl).status()).isEqualTo(200);
        assertThat(call(carl).status()).isEqualTo(200);
        Response municipalityLimited = call(carl);
        GatewayIT.assertProblem(municipalityLimited, 429);
        assertThat(municipalityLimited.json().get("detail").asText()).contains("your municipality");

        // Soest's citizens on the same client are not limited by Bochum's
        for (int i = 1; i <= 3; i++) {
            assertThat(call(token("dora-" + UUID.randomUUID(), "soest", client)).status()).as("dora #" + i).isEqualTo(200);
        }
        // 11 of the client's 12 in all: one more, then the client's ceiling is reached for every municipality
        String emil = token("emil-" + UUID.randomUUID(), "soest", client);
        assertThat(call(emil).status()).isEqualTo(200);
        Response clientLimited = call(emil);
        GatewayIT.assertProblem(clientLimited, 429);
        assertThat(clientLimited.json().get("detail").asText()).contains("all municipalities");
        assertThat(clientLimited.header("Retry-After")).isNotBlank();

        // carl's refused request did not cost him his own token, so another client still lets him through once
        assertThat(call(token(carlSubject, "bochum", "rathaus-cli-" + UUID.randomUUID())).status()).isEqualTo(200);
        GatewayIT.assertProblem(call(token(carlSubject, "bochum", "rathaus-cli-" + UUID.randomUUID())), 429);
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
