package de.rathaus.infra.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Real tokens from the real Keycloak of the stack (password grant of the dev-only client rathaus-cli). */
final class Keycloak {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;

    Keycloak(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    String token(String username) {
        return post("/realms/rathaus/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", "rathaus-cli", "username", username, "password", "demo"))
                .get("access_token").asText();
    }

    /** Sets an attribute of a client of realm rathaus through the admin API (bootstrap admin of the dev stack). */
    void setClientAttribute(String clientId, String attribute, String value) {
        String admin = post("/realms/master/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", "admin-cli", "username", "admin", "password", "admin"))
                .get("access_token").asText();
        JsonNode clients = send(HttpRequest.newBuilder(URI.create(baseUrl + "/admin/realms/rathaus/clients?clientId=" + clientId))
                .header("Authorization", "Bearer " + admin).GET());
        JsonNode client = clients.get(0);
        String id = client.get("id").asText();
        ((tools.jackson.databind.node.ObjectNode) client.get("attributes")).put(attribute, value);
        HttpRequest.Builder update = HttpRequest.newBuilder(URI.create(baseUrl + "/admin/realms/rathaus/clients/" + id))
                .header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(client.toString()));
        send(update);
    }

    private JsonNode post(String path, Map<String, String> form) {
        Map<String, String> ordered = new LinkedHashMap<>(form);
        String body = ordered.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("Keycloak answered " + response.statusCode() + ": " + response.body());
            }
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
