package de.rathaus.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import de.rathaus.platform.ServletTestApp;
import de.rathaus.testsupport.ApiClient;
import de.rathaus.testsupport.ApiClient.Response;
import de.rathaus.testsupport.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** While the identity provider's keys cannot be loaded, a service answers requests with a token 503, not 401 or 500. */
@SpringBootTest(classes = ServletTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JwksUnavailableIT {

    static final TestTokens tokens = new TestTokens();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ServletTestApp.register(registry, tokens);
        registry.add("rathaus.security.jwk-set-uri", () -> unreachable() + "/realms/rathaus/protocol/openid-connect/certs");
    }

    @AfterAll
    static void stopJwks() {
        tokens.close();
    }

    /** A loopback address where nothing listens: connections are refused. */
    static String unreachable() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;

    @Test
    void tokensCannotBeCheckedSoTheAnswerIs503Problem() {
        ApiClient api = new ApiClient("http://127.0.0.1:" + port);
        for (int i = 0; i < 3; i++) {
            Response response = api.send(api.request("/api/v1/test/caller", tokens.citizen("anna", "bochum")).GET(),
                    Map.of("X-Correlation-Id", "keys-down-" + i));

            assertThat(response.status()).as(response.toString()).isEqualTo(503);
            assertThat(response.isProblem()).as(response.toString()).isTrue();
            assertThat(response.json().get("detail").asText()).contains("identity provider");
            assertThat(response.json().get("correlationId").asText()).isEqualTo("keys-down-" + i);
        }
    }
}
