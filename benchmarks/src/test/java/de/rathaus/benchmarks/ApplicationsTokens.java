package de.rathaus.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Real Keycloak tokens per demo user for the applications benchmark, renewed in the background before they expire
 * (5 min). The renewal must not happen on Gatling's threads: a password grant takes Keycloak about half a second of
 * CPU, and a virtual user waiting for it (with every other user of that citizen waiting on the same lock) held back
 * Gatling's requests, which then went out in one burst and showed as a latency spike of their own.
 */
final class ApplicationsTokens {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();
    private static final long RENEW_EVERY_SECONDS = 240;
    private static final ScheduledExecutorService RENEWAL = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "token-renewal");
        thread.setDaemon(true);
        return thread;
    });

    private ApplicationsTokens() {
    }

    /** Fetches the users' tokens now (before the load starts) and renews them in the background from then on. */
    static void prepare(String keycloakUrl, List<String> users) {
        for (String user : users) {
            TOKENS.put(user, Tokens.password(keycloakUrl, user));
            RENEWAL.scheduleAtFixedRate(() -> renew(keycloakUrl, user), RENEW_EVERY_SECONDS, RENEW_EVERY_SECONDS,
                    TimeUnit.SECONDS);
        }
    }

    private static void renew(String keycloakUrl, String user) {
        try {
            TOKENS.put(user, Tokens.password(keycloakUrl, user));
        } catch (RuntimeException e) {
            // the old token stays valid for another minute; the next renewal tries again, and requests made with an
            // expired token would count as failures in the report
            System.err.println("Renewing the token of " + user + " failed: " + e);
        }
    }

    /** The current token of a user {@link #prepare prepared} before; never blocks. */
    static String cachedFor(String user) {
        String token = TOKENS.get(user);
        if (token == null) {
            throw new IllegalStateException("No token prepared for " + user);
        }
        return token;
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
