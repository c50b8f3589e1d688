package de.rathaus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import de.rathaus.testsupport.ApiClient;
import de.rathaus.testsupport.ApiClient.Response;
import de.rathaus.testsupport.TestTokens;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** While the identity provider's keys cannot be loaded, requests with a token get 503, not 401 or 500. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JwksUnavailableIT {

    static final TestTokens tokens = new TestTokens();
    static final FakeService service = new FakeService();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("rathaus.security.issuer-uri", tokens::issuer);
        registry.add("rathaus.security.jwk-set-uri",
                () -> FakeService.unreachableUri() + "/realms/rathaus/protocol/openid-connect/certs");
        registry.add("rathaus.routes.applications-uri", service::uri);
    }

    @AfterAll
    static void stop() {
        tokens.close();
        service.close();
    }

    @LocalServerPort
    int port;

    @Test
    void tokensCannotBeCheckedSoTheAnswerIs503Problem() {
        ApiClient api = new ApiClient("http://127.0.0.1:" + port);
        Response response = api.send(api.request("/api/v1/applications/mine", tokens.citizen("citizen-x", "bochum")).GET(),
                Map.of("X-Correlation-Id", "keys-down-1"));

        GatewayIT.assertProblem(response, 503);
        assertThat(response.json().get("detail").asText()).contains("identity provider");
        assertThat(service.received()).isEmpty();
    }
}
