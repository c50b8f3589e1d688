package de.rathaus.notifications.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.springframework.web.client.RestClient;

/**
 * The Keycloak adapter against an HTTP stub that answers like Keycloak 26 (token endpoint, admin users API) and like
 * service-appointments' internal guest-contact endpoint.
 */
class KeycloakContactDirectoryAdapterTest {

    private HttpServer server;
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final AtomicInteger userRequests = new AtomicInteger();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private Keycloak keycloak;
    private ContactDirectory directory;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/realms/rathaus/protocol/openid-connect/token", exchange -> {
            tokenRequests.incrementAndGet();
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String basic = exchange.getRequestHeaders().getFirst("Authorization");
            String client = basic == null ? "" : new String(java.util.Base64.getDecoder().decode(basic.substring("Basic ".length())), StandardCharsets.UTF_8);
            boolean ok = form.contains("grant_type=client_credentials")
                    && (client.equals("rathaus-notifications:secret") || form.contains("client_id=rathaus-notifications") && form.contains("client_secret=secret"));
            respond(exchange, ok ? 200 : 401, ok
                    ? "{\"access_token\":\"service-token\",\"expires_in\":300,\"refresh_expires_in\":0,\"token_type\":\"Bearer\",\"not-before-policy\":0,\"scope\":\"profile email\"}"
                    : "{\"error\":\"unauthorized_client\"}");
        });
        server.createContext("/admin/realms/rathaus/users/", exchange -> {
            userRequests.incrementAndGet();
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            String id = exchange.getRequestURI().getPath().substring("/admin/realms/rathaus/users/".length());
            switch (id) {
                case "anna-id" -> respond(exchange, 200, """
                        {"id":"anna-id","username":"anna","firstName":"Anna","lastName":"Becker","email":"anna@rathaus.example",
                         "emailVerified":true,"enabled":true,"createdTimestamp":1700000000000,"totp":false,
                         "attributes":{"tenant":["bochum"],"locale":["en"],"phoneNumber":["+4915112345678"]},
                         "access":{"manage":false}}""");
                case "sophie-id" -> respond(exchange, 200, """
                        {"id":"sophie-id","username":"sophie","email":"sophie@rathaus.example","enabled":true,"attributes":{"tenant":["soest"]}}""");
                default -> respond(exchange, 404, "{\"error\":\"User not found\"}");
            }
        });
        server.createContext("/api/v1/appointments/internal/guest-contacts/", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            if (exchange.getRequestURI().getPath().endsWith("/g-1")) {
                respond(exchange, 200, "{\"email\":\"guest@example.org\",\"language\":\"de\",\"manageUrl\":\"https://portal/t?token=x\"}");
            } else {
                respond(exchange, 404, "{\"title\":\"Not Found\",\"status\":404}");
            }
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        keycloak = KeycloakBuilder.builder().serverUrl(base).realm("rathaus").grantType("client_credentials")
                .clientId("rathaus-notifications").clientSecret("secret").build();
        directory = new CachingContactDirectory(new KeycloakContactDirectoryAdapter(keycloak, "rathaus", RestClient.create(base)), Duration.ofMinutes(5));
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws java.io.IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @AfterEach
    void stop() {
        keycloak.close();
        server.stop(0);
    }

    @Test
    void citizensAreLookedUpWithTheServiceAccountAndCachedBriefly() {
        assertThat(directory.citizen("bochum", "anna-id")).contains(new Contact("anna@rathaus.example", "+4915112345678", "en", null));
        assertThat(directory.citizen("bochum", "anna-id")).isPresent();
        assertThat(userRequests.get()).as("second lookup from the cache").isEqualTo(1);
        assertThat(tokenRequests.get()).isEqualTo(1);
        assertThat(authorizations).containsOnly("Bearer service-token");

        assertThat(directory.citizen("bochum", "nobody")).isEmpty();
        assertThat(directory.citizen("bochum", "sophie-id")).as("user of another municipality").isEmpty();
    }

    @Test
    void guestsAreLookedUpAtServiceAppointmentsWithTheServiceAccountToken() {
        assertThat(directory.guest("bochum", "g-1")).contains(new Contact("guest@example.org", null, "de", "https://portal/t?token=x"));
        assertThat(directory.guest("bochum", "g-2")).isEmpty();
        assertThat(authorizations).containsOnly("Bearer service-token");
    }
}
