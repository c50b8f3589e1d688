package de.rathaus.infra.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Starts Keycloak with infra/keycloak/rathaus-realm.json and checks what the services rely on. */
class KeycloakRealmTest {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static LocalStack stack;

    @BeforeAll
    static void startKeycloak() {
        stack = LocalStack.start(TestStacks.config(Component.KEYCLOAK).build());
    }

    @AfterAll
    static void stopKeycloak() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void citizenTokenCarriesTenantAudienceAndRealmRole() throws Exception {
        JsonNode claims = claims(token(Map.of("grant_type", "password", "client_id", "rathaus-cli",
                "username", "anna", "password", "demo")));

        assertThat(claims.path("iss").asString()).isEqualTo(stack.issuerUri());
        assertThat(claims.path("tenant").asString()).isEqualTo("bochum");
        assertThat(strings(claims.path("aud"))).contains("rathaus-api");
        assertThat(strings(claims.path("realm_access").path("roles"))).contains("citizen")
                .doesNotContain("clerk", "admin", "system");
        assertThat(claims.path("preferred_username").asString()).isEqualTo("anna");
        assertThat(claims.path("email").asString()).isEqualTo("anna@rathaus.example");
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(300);
    }

    @Test
    void everyDemoUserHasRoleAndTenant() throws Exception {
        Map<String, String> expected = Map.of(
                "anna", "citizen/bochum", "ben", "citizen/bochum", "sophie", "citizen/soest",
                "clara", "clerk/bochum", "sven", "clerk/soest", "admin", "admin/bochum");
        for (Map.Entry<String, String> user : expected.entrySet()) {
            JsonNode claims = claims(token(Map.of("grant_type", "password", "client_id", "rathaus-cli",
                    "username", user.getKey(), "password", "demo")));
            String[] roleAndTenant = user.getValue().split("/");
            assertThat(strings(claims.path("realm_access").path("roles"))).as(user.getKey())
                    .contains(roleAndTenant[0]);
            assertThat(claims.path("tenant").asString()).as(user.getKey()).isEqualTo(roleAndTenant[1]);
        }
    }

    @Test
    void tenantIsInIdTokenAndUserinfo() throws Exception {
        JsonNode response = token(Map.of("grant_type", "password", "client_id", "rathaus-cli",
                "username", "sven", "password", "demo", "scope", "openid"));
        assertThat(payload(response.path("id_token").asString()).path("tenant").asString()).isEqualTo("soest");

        HttpResponse<String> userinfo = HTTP.send(HttpRequest.newBuilder(
                        URI.create(stack.issuerUri() + "/protocol/openid-connect/userinfo"))
                .header("Authorization", "Bearer " + response.path("access_token").asString()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(userinfo.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(userinfo.body()).path("tenant").asString()).isEqualTo("soest");
    }

    @Test
    void financeSystemGetsSystemRoleAndTenantBochum() throws Exception {
        JsonNode claims = claims(token(Map.of("grant_type", "client_credentials", "client_id", "finance-system",
                "client_secret", "finance-system-secret")));

        assertThat(claims.path("tenant").asString()).isEqualTo("bochum");
        assertThat(strings(claims.path("realm_access").path("roles"))).containsExactly("system");
        assertThat(strings(claims.path("aud"))).contains("rathaus-api");
        assertThat(claims.path("azp").asString()).isEqualTo("finance-system");
    }

    @Test
    void notificationServiceAccountCanReadUsers() throws Exception {
        JsonNode tokenResponse = token(Map.of("grant_type", "client_credentials", "client_id", "rathaus-notifications",
                "client_secret", "rathaus-notifications-secret"));
        String accessToken = tokenResponse.path("access_token").asString();
        JsonNode claims = claims(tokenResponse);
        // realm role system: service-appointments' internal guest-contact lookup is for system clients only
        assertThat(strings(claims.path("realm_access").path("roles"))).containsExactly("system");
        assertThat(claims.path("resource_access").propertyNames()).containsExactly("realm-management");
        assertThat(strings(claims.path("resource_access").path("realm-management").path("roles")))
                .contains("view-users").doesNotContain("manage-users", "realm-admin");

        HttpResponse<String> users = HTTP.send(HttpRequest.newBuilder(
                        URI.create(stack.keycloakUrl() + "/admin/realms/rathaus/users?username=anna&exact=true"))
                .header("Authorization", "Bearer " + accessToken).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(users.statusCode()).isEqualTo(200);
        JsonNode anna = JSON.readTree(users.body()).get(0);
        assertThat(anna.path("email").asString()).isEqualTo("anna@rathaus.example");
        assertThat(anna.path("attributes").path("tenant").get(0).asString()).isEqualTo("bochum");
        // what service-notifications reads at send time: language and mobile number
        assertThat(anna.path("attributes").path("locale").get(0).asString()).isEqualTo("de");
        assertThat(anna.path("attributes").path("phoneNumber").get(0).asString()).isEqualTo("+4915112345678");
    }

    @Test
    void webhookSubscriberGetsTheSubscriptionsScopeItsTenantAndNoRole() throws Exception {
        JsonNode claims = claims(token(Map.of("grant_type", "client_credentials", "client_id", "webhook-subscriber",
                "client_secret", "webhook-subscriber-secret")));

        assertThat(claims.path("scope").asString().split(" ")).contains("subscriptions");
        assertThat(claims.path("tenant").asString()).isEqualTo("bochum");
        assertThat(claims.path("azp").asString()).isEqualTo("webhook-subscriber");
        assertThat(strings(claims.path("aud"))).contains("rathaus-api");
        assertThat(strings(claims.path("realm_access").path("roles"))).isEmpty();
    }

    @Test
    void clientsAreLimitedToTheirGrants() throws Exception {
        assertThat(tokenStatus(Map.of("grant_type", "password", "client_id", "rathaus-portal",
                "username", "anna", "password", "demo"))).isEqualTo(400);
        assertThat(tokenStatus(Map.of("grant_type", "client_credentials", "client_id", "finance-system",
                "client_secret", "wrong"))).isEqualTo(401);
        // OAuth 2.0: a wrong user password is an invalid_grant (400), a wrong client secret invalid_client (401)
        assertThat(tokenStatus(Map.of("grant_type", "password", "client_id", "rathaus-cli",
                "username", "anna", "password", "wrong"))).isEqualTo(400);

        String financeToken = token(Map.of("grant_type", "client_credentials", "client_id", "finance-system",
                "client_secret", "finance-system-secret")).path("access_token").asString();
        HttpResponse<String> users = HTTP.send(HttpRequest.newBuilder(
                        URI.create(stack.keycloakUrl() + "/admin/realms/rathaus/users"))
                .header("Authorization", "Bearer " + financeToken).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(users.statusCode()).isEqualTo(403);
    }

    private static JsonNode token(Map<String, String> form) throws Exception {
        HttpResponse<String> response = post(form);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static int tokenStatus(Map<String, String> form) throws Exception {
        return post(form).statusCode();
    }

    private static HttpResponse<String> post(Map<String, String> form) throws Exception {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return HTTP.send(HttpRequest.newBuilder(URI.create(stack.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode claims(JsonNode tokenResponse) {
        return payload(tokenResponse.path("access_token").asString());
    }

    private static JsonNode payload(String jwt) {
        String[] parts = jwt.split("\\.");
        return JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(value -> values.add(value.asString()));
        } else if (!node.isMissingNode() && !node.isNull()) {
            values.add(node.asString());
        }
        return values;
    }
}
