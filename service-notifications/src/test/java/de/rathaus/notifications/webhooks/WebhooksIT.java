package de.rathaus.notifications.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import de.rathaus.notifications.NotificationsApiTest;
import de.rathaus.testsupport.ApiClient.Response;
import de.rathaus.testsupport.EventSender;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class WebhooksIT extends NotificationsApiTest {

    @Autowired
    WebhookProperties props;

    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();

    record Received(Map<String, List<String>> headers, String body) {
    }

    /** A subscriber endpoint on loopback: answers with the status the supplier gives, optionally never (hangs). */
    private String receiver(List<Received> received, java.util.function.IntSupplier status, CountDownLatch hang) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body));
            if (hang != null) {
                try {
                    hang.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(status.getAsInt(), -1);
            exchange.close();
        });
        server.start();
        servers.add(server);
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    private final List<String> subscriberTokens = new CopyOnWriteArrayList<>();

    /** Ends this test's subscriptions (the test database outlives the run) and stops the receivers. */
    @AfterEach
    void cleanUp() {
        for (String token : subscriberTokens) {
            for (JsonNode subscription : api.get("/api/v1/notifications/webhooks/subscriptions", token).json()) {
                api.send(api.request("/api/v1/notifications/webhooks/subscriptions/" + subscription.get("id").asString(), token).DELETE(), Map.of());
            }
        }
        servers.forEach(s -> s.stop(0));
    }

    private String subscriber(String client) {
        subscriberTokens.add(tokens.tokenWith("service-account-" + client, "bochum", List.of(), Map.of("azp", client, "scope", "profile subscriptions")));
        return tokens.tokenWith("service-account-" + client, "bochum", List.of(), Map.of("azp", client, "scope", "profile subscriptions"));
    }

    private Response subscribe(String token, String url, String types, String extra) {
        return api.post("/api/v1/notifications/webhooks/subscriptions", token,
                "{\"callbackUrl\": \"%s\", \"eventTypes\": %s%s}".formatted(url, types, extra));
    }

    @Test
    void badSubscriptionsAreRefusedWithProblems() {
        String token = subscriber("dms-" + UUID.randomUUID());
        Response unknownType = subscribe(token, "https://example.org/hook", "[\"de.rathaus.applications.Nope.v1\"]", "");
        assertThat(unknownType.status()).isEqualTo(400);
        assertThat(unknownType.isProblem()).isTrue();
        assertThat(unknownType.json().get("detail").asString()).contains("de.rathaus.applications.Nope.v1");
        for (String internal : List.of("http://10.1.2.3/hook", "http://169.254.169.254/latest", "http://[::ffff:192.168.0.1]/x",
                "http://[fd00::1]/x", "http://127.0.0.2:8080/x")) {
            Response refused = subscribe(token, internal, "[\"de.rathaus.applications.ApplicationSubmitted.v1\"]", "");
            assertThat(refused.status()).as(internal).isEqualTo(400);
            assertThat(refused.json().get("detail").asString()).as(internal).contains("internal address");
        }
        assertThat(subscribe(token, "ftp://example.org/x", "[\"de.rathaus.applications.ApplicationSubmitted.v1\"]", "").status()).isEqualTo(400);
        assertThat(subscribe(token, "https://example.org/x", "[\"de.rathaus.applications.ApplicationSubmitted.v1\"]", ", \"tenant\": \"soest\"").status())
                .isEqualTo(400);
        assertThat(api.get("/api/v1/notifications/webhooks/subscriptions", tokens.citizen("anna", "bochum")).status()).isEqualTo(403);
    }

    @Test
    void matchingEventsAreDeliveredSignedWhileADeadSubscriberIsRetriedDeadLetteredAndRedriven() throws Exception {
        String client = "dms-" + UUID.randomUUID();
        String token = subscriber(client);
        List<Received> good = new CopyOnWriteArrayList<>();
        List<Received> bad = new CopyOnWriteArrayList<>();
        List<Received> slow = new CopyOnWriteArrayList<>();
        AtomicInteger badStatus = new AtomicInteger(500);
        CountDownLatch hang = new CountDownLatch(1);
        String types = "[\"de.rathaus.applications.ApplicationSubmitted.v1\"]";
        String applicationId = UUID.randomUUID().toString();
        Response created = subscribe(token, receiver(good, () -> 204, null), types, ", \"subject\": \"%s\"".formatted(applicationId));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String secret = created.json().get("secret").asString();
        assertThat(secret).startsWith("whsec_");
        String goodId = created.json().get("id").asString();
        String badId = subscribe(token, receiver(bad, badStatus::get, null), types, "").json().get("id").asString();
        subscribe(token, receiver(slow, () -> 200, hang), types, "");
        assertThat(api.get("/api/v1/notifications/webhooks/subscriptions/" + goodId, subscriber("other-" + UUID.randomUUID())).status())
                .isEqualTo(404);

        CloudEvent matching = EventSender.event("de.rathaus.applications.ApplicationSubmitted.v1", applicationId, "bochum",
                "{\"applicationId\": \"%s\", \"citizenId\": \"x\", \"serviceTypeKey\": \"k\"}".formatted(applicationId));
        try (EventSender sender = new EventSender(brokers)) {
            for (int i = 0; i < 6; i++) {
                String other = UUID.randomUUID().toString();
                sender.send("rathaus.applications.v1", EventSender.event("de.rathaus.applications.ApplicationSubmitted.v1", other, "bochum",
                        "{\"applicationId\": \"%s\", \"citizenId\": \"x\", \"serviceTypeKey\": \"k\"}".formatted(other)));
            }
            sender.send("rathaus.applications.v1", matching);
            sender.send("rathaus.applications.v1", matching);
            sender.send("rathaus.applications.v1", EventSender.event("de.rathaus.applications.ApplicationSubmitted.v1", applicationId, "soest",
                    "{\"applicationId\": \"%s\", \"citizenId\": \"x\", \"serviceTypeKey\": \"k\"}".formatted(applicationId)));
        }

        // the hanging subscriber holds its few slots; the others are served meanwhile
        await().atMost(Duration.ofSeconds(20)).until(() -> good.size() >= 1 && bad.size() >= 7);
        hang.countDown();
        Received delivery = good.get(0);
        assertThat(good).hasSize(1);
        assertThat(delivery.body()).contains("\"id\":\"" + matching.getId() + "\"").contains("\"tenant\":\"bochum\"")
                .contains("\"type\":\"de.rathaus.applications.ApplicationSubmitted.v1\"");
        assertThat(first(delivery, "webhook-id")).isEqualTo(matching.getId());
        // stamped with the service's clock; a receiver compares it with its own (the system clock in production), so
        // the signature is checked with the Standard Webhooks library's own signing over the stamped timestamp
        long timestamp = Long.parseLong(first(delivery, "webhook-timestamp"));
        assertThat(timestamp).isEqualTo(CLOCK.instant().getEpochSecond());
        assertThat(first(delivery, "webhook-signature")).isEqualTo(new Webhook(secret).sign(matching.getId(), timestamp, delivery.body()));

        // every failed delivery waits for its retry; none is given up before retry-for (3 days) has passed
        await().atMost(Duration.ofSeconds(20)).until(() -> deliveries(token, badId, "PENDING").size() == 7);
        assertThat(deliveries(token, badId, "DEAD_LETTERED")).isEmpty();
        CLOCK.advance(props.retryFor());
        await().atMost(Duration.ofSeconds(20)).until(() -> deliveries(token, badId, "DEAD_LETTERED").size() == 7);
        JsonNode dead = deliveries(token, badId, "DEAD_LETTERED");
        assertThat(dead).allSatisfy(d -> assertThat(d.get("attempts").asInt()).isEqualTo(2));
        assertThat(dead.get(0).get("lastStatusCode").asInt()).isEqualTo(500);
        assertThat(deliveries(token, goodId, "DELIVERED")).hasSize(1);

        badStatus.set(200);
        Response redrive = api.post("/api/v1/notifications/webhooks/subscriptions/" + badId + "/redrive", token, "");
        assertThat(redrive.json().get("redriven").asInt()).isEqualTo(7);
        await().atMost(Duration.ofSeconds(20)).until(() -> deliveries(token, badId, "DELIVERED").size() == 7);

        Response replay = api.post("/api/v1/notifications/webhooks/subscriptions/" + goodId + "/replays", token,
                "{\"since\": \"%s\"}".formatted(OffsetDateTime.now().minusHours(1)));
        assertThat(replay.status()).as(replay.toString()).isEqualTo(202);
        String replayId = replay.json().get("id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/v1/notifications/webhooks/subscriptions/" + goodId + "/replays/" + replayId, token)
                .json().get("status").asString().equals("DONE"));
        assertThat(api.get("/api/v1/notifications/webhooks/subscriptions/" + goodId + "/replays/" + replayId, token).json().get("matched").asInt())
                .as("the event was published twice; the replay reads both records").isEqualTo(2);
        await().atMost(Duration.ofSeconds(20)).until(() -> good.size() == 2);
        assertThat(first(good.get(1), "webhook-id")).isEqualTo(matching.getId());

        assertThat(api.send(api.request("/api/v1/notifications/webhooks/subscriptions/" + goodId, token).DELETE(), Map.of()).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/notifications/webhooks/subscriptions/" + goodId, token).status()).isEqualTo(404);
    }

    private JsonNode deliveries(String token, String subscriptionId, String status) {
        return api.get("/api/v1/notifications/webhooks/subscriptions/" + subscriptionId + "/deliveries?status=" + status, token).json();
    }

    private static String first(Received received, String header) {
        return received.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(header))
                .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }
}
