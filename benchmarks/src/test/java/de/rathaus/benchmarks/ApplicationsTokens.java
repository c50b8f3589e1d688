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
 * Real Keycloak tokens per demo user for the applications benchmark: one login (password grant) before the load,
 * then renewed in the background with the refresh token before they expire (5 min), as a client application does.
 * <ul>
 * <li>The renewal must not happen on Gatling's threads: a virtual user waiting for it (with every other user of that
 * citizen waiting on the same lock) held back Gatling's requests, which then went out in one burst and showed as a
 * latency spike of their own.</li>
 * <li>It must not log in again either: a password grant costs Keycloak about half a second of CPU for the PBKDF2 hash,
 * three of them took 1.5 s of CPU from a machine 80-90 % busy, and the queue that built up took 10 s to drain
 * (p99 of the measured minute 651 ms instead of tens).</li>
 * </ul>
 */
final class ApplicationsTokens {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<String, Tokens.Grant> GRANTS = new ConcurrentHashMap<>();
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
            GRANTS.put(user, Tokens.passwordGrant(keycloakUrl, user));
            RENEWAL.scheduleAtFixedRate(() -> renew(keycloakUrl, user), RENEW_EVERY_SECONDS, RENEW_EVERY_SECONDS,
                    TimeUnit.SECONDS);
        }
    }

    private static void renew(String keycloakUrl, String user) {
        try {
            GRANTS.put(user, Tokens.refresh(keycloakUrl, GRANTS.get(user).refreshToken()));
        } catch (RuntimeException e) {
            // the old token stays valid for another minute; the next renewal tries again, and requests made with an
            // expired token would count as failures in the report
            System.err.println("Renewing the token of " + user + " failed: " + e);
        }
    }

    /** The current token of a user {@link #prepare prepared} before; never blocks. */
    static String cachedFor(String user) {
        Tokens.Grant grant = GRANTS.get(user);
        if (grant == null) {
            throw new IllegalStateException("No token prepared for " + user);
        }
        return grant.accessToken();
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
