package de.rathaus.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Real Keycloak tokens (dev client rathaus-cli) and a first application for the benchmarks. */
final class Tokens {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern REFRESH_TOKEN = Pattern.compile("\"refresh_token\"\\s*:\\s*\"([^\"]+)\"");

    /** The tokens of one grant: the access token for the requests, the refresh token for the next one. */
    record Grant(String accessToken, String refreshToken) {
    }

    private Tokens() {
    }

    private static volatile String cachedToken;
    private static volatile long cachedAt;

    /** A token for {@code user}, fetched again once it is older than 4 minutes (tokens live 5). */
    static String cached(String keycloakUrl, String user) {
        long now = System.currentTimeMillis();
        if (cachedToken == null || now - cachedAt > 240_000) {
            synchronized (Tokens.class) {
                if (cachedToken == null || now - cachedAt > 240_000) {
                    cachedToken = password(keycloakUrl, user);
                    cachedAt = now;
                }
            }
        }
        return cachedToken;
    }

    static String password(String keycloakUrl, String user) {
        return passwordGrant(keycloakUrl, user).accessToken();
    }

    /** A login: Keycloak hashes the password (PBKDF2, about half a second of its CPU). */
    static Grant passwordGrant(String keycloakUrl, String user) {
        return grant(keycloakUrl, "grant_type=password&client_id=rathaus-cli&username=" + user + "&password=demo");
    }

    /** What a client does while the user stays logged in: new tokens for the refresh token, no password hashing. */
    static Grant refresh(String keycloakUrl, String refreshToken) {
        return grant(keycloakUrl, "grant_type=refresh_token&client_id=rathaus-cli&refresh_token=" + refreshToken);
    }

    private static Grant grant(String keycloakUrl, String body) {
        String response = send(HttpRequest.newBuilder(URI.create(keycloakUrl + "/realms/rathaus/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        Matcher access = ACCESS_TOKEN.matcher(response);
        Matcher refresh = REFRESH_TOKEN.matcher(response);
        if (!access.find() || !refresh.find()) {
            throw new IllegalStateException("No tokens from Keycloak: " + response);
        }
        return new Grant(access.group(1), refresh.group(1));
    }

    static void submitApplication(String gatewayUrl, String token) {
        send(HttpRequest.newBuilder(URI.create(gatewayUrl + "/api/v1/applications"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"serviceType\": \"meldebescheinigung\"}")));
    }

    private static String send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(response.statusCode() + " " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
