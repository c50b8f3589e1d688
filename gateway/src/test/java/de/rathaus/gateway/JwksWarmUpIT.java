package de.rathaus.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import de.rathaus.testsupport.ApiClient;
import de.rathaus.testsupport.TestTokens;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The realm's JWKS is loaded right after start, before any request, and then served from the cache. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JwksWarmUpIT {

    static final TestTokens tokens = new TestTokens();
    static final FakeService service = new FakeService();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("rathaus.security.issuer-uri", tokens::issuer);
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
    void jwksIsFetchedOnceAtStartupBeforeTheFirstRequest() {
        await().atMost(Duration.ofSeconds(10)).until(() -> tokens.jwksRequests() > 0);
        assertThat(service.received()).as("no request was sent yet").isEmpty();

        ApiClient api = new ApiClient("http://127.0.0.1:" + port);
        for (int i = 0; i < 3; i++) {
            assertThat(api.get("/api/v1/applications/mine", tokens.citizen("citizen-" + i, "herne")).status()).isEqualTo(200);
        }
        assertThat(tokens.jwksRequests()).as("keys come from the cache").isEqualTo(1);
    }
}
