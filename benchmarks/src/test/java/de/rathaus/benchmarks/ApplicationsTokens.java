package de.rathaus.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Real Keycloak tokens per demo user for the applications benchmark, renewed before they expire (5 min). */
final class ApplicationsTokens {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<String, long[]> FETCHED_AT = new ConcurrentHashMap<>();
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    private ApplicationsTokens() {
    }

    static String cachedFor(String keycloakUrl, String user) {
        long now = System.currentTimeMillis();
        long[] at = FETCHED_AT.computeIfAbsent(user, u -> new long[] {0});
        synchronized (at) {
            if (now - at[0] > 240_000) {
                TOKENS.put(user, Tokens.password(keycloakUrl, user));
                at[0] = now;
            }
        }
        return TOKENS.get(user);
    }

    static String get(String url, String token) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
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
