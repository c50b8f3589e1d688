package de.rathaus.notifications.webhooks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import de.rathaus.platform.work.WorkerLoop;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Delivers queued webhooks. Each round claims due deliveries for every subscription that has room below its
 * in-flight limit ({@code max-in-flight-per-subscription}) and sends them without blocking (Apache HttpClient 5
 * async, connections only to addresses the {@link CallbackGuard} allows, no redirects followed). A slow or dead
 * subscriber therefore only ever occupies its own few slots; everyone else's deliveries go on. Outcomes are written
 * in batches. Failures are retried with exponential backoff and full jitter until {@code retry-for} (3 days) has
 * passed since the event, then dead-lettered (redrive through the API).
 *
 * <p>Each request is a CloudEvent in structured JSON mode, signed per Standard Webhooks: {@code webhook-id} (the
 * event id: the same on every retry, so receivers can deduplicate), {@code webhook-timestamp}, {@code webhook-signature}.
 */
@Component
public class WebhookDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private final DeliveryRepository deliveries;
    private final ActiveSubscriptions subscriptions;
    private final WebhookSigner signer;
    private final WebhookProperties props;
    private final CallbackGuard guard;
    private final JsonMapper json;
    private final Clock clock;
    private final Map<UUID, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<DeliveryRepository.Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final Cache<String, String> bodies = Caffeine.newBuilder().maximumSize(5_000).expireAfterWrite(Duration.ofMinutes(1)).build();
    private final WorkerLoop loop;
    private CloseableHttpAsyncClient http;
    private ScheduledExecutorService timeouts;

    WebhookDispatcher(DeliveryRepository deliveries, ActiveSubscriptions subscriptions, WebhookSigner signer, WebhookProperties props,
                      CallbackGuard guard, JsonMapper json, Clock clock) {
        this.deliveries = deliveries;
        this.subscriptions = subscriptions;
        this.signer = signer;
        this.props = props;
        this.guard = guard;
        this.json = json;
        this.clock = clock;
        this.loop = new WorkerLoop("webhook-dispatcher", this::dispatchRound,
                WorkerLoop.Settings.polling(props.pollInterval(), props.pollInterval()));
    }

    /** Called after a transaction queued deliveries: no need to wait for the next poll. */
    public void wakeUp() {
        loop.wakeUp();
    }

    /** One round of the worker loop: record the outcomes that came back, then send what is due. */
    private WorkerLoop.Next dispatchRound() {
        flushOutcomes();
        int claimed = round();
        return claimed == 0 && outcomes.isEmpty() ? WorkerLoop.Next.WAIT : WorkerLoop.Next.CONTINUE;
    }

    private void flushOutcomes() {
        List<DeliveryRepository.Outcome> batch = new ArrayList<>();
        DeliveryRepository.Outcome next;
        while (batch.size() < 2_000 && (next = outcomes.poll()) != null) {
            batch.add(next);
        }
        if (!batch.isEmpty()) {
            deliveries.record(batch);
        }
    }

    private int round() {
        List<Subscription> active = subscriptions.all();
        List<UUID> ids = new ArrayList<>();
        List<Integer> capacities = new ArrayList<>();
        for (Subscription s : active) {
            int free = props.maxInFlightPerSubscription() - inFlight.computeIfAbsent(s.id(), k -> new AtomicInteger()).get();
            if (free > 0) {
                ids.add(s.id());
                capacities.add(free);
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        List<DeliveryRepository.Claimed> claimed = deliveries.claim(ids.toArray(UUID[]::new), capacities.toArray(Integer[]::new),
                now, now.plus(props.timeout().multipliedBy(6)));
        for (DeliveryRepository.Claimed delivery : claimed) {
            Subscription subscription = subscriptions.get(delivery.subscriptionId());
            if (subscription == null) {
                outcomes.add(new DeliveryRepository.Outcome(delivery.id(), "DEAD_LETTERED", null, "subscription deleted", null, now));
                continue;
            }
            send(subscription, delivery);
        }
        return claimed.size();
    }

    private void send(Subscription subscription, DeliveryRepository.Claimed delivery) {
        AtomicInteger slots = inFlight.computeIfAbsent(subscription.id(), k -> new AtomicInteger());
        slots.incrementAndGet();
        String body = bodies.get(delivery.eventId(), k -> body(delivery));
        long timestamp = clock.instant().getEpochSecond();
        SimpleHttpRequest request = SimpleRequestBuilder.post(subscription.callbackUrl())
                .setBody(body, ContentType.create("application/cloudevents+json", java.nio.charset.StandardCharsets.UTF_8))
                .addHeader("webhook-id", delivery.eventId())
                .addHeader("webhook-timestamp", Long.toString(timestamp))
                .addHeader("webhook-signature", signer.sign(subscription.secret(), delivery.eventId(), timestamp, body))
                .addHeader("User-Agent", "Digitales-Rathaus-Webhooks/1")
                .build();
        Future<SimpleHttpResponse> future = http.execute(request, new FutureCallback<>() {
            @Override
            public void completed(SimpleHttpResponse response) {
                int code = response.getCode();
                done(slots, code >= 200 && code < 300 ? delivered(delivery, code) : WebhookDispatcher.this.failed(delivery, code, "HTTP " + code));
            }

            @Override
            public void failed(Exception e) {
                done(slots, WebhookDispatcher.this.failed(delivery, null, describe(e)));
            }

            @Override
            public void cancelled() {
                done(slots, WebhookDispatcher.this.failed(delivery, null, "no answer within " + props.timeout().toSeconds() + " s"));
            }
        });
        timeouts.schedule(() -> future.cancel(true), props.timeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void done(AtomicInteger slots, DeliveryRepository.Outcome outcome) {
        slots.decrementAndGet();
        outcomes.add(outcome);
        wakeUp();
    }

    private DeliveryRepository.Outcome delivered(DeliveryRepository.Claimed d, int code) {
        return new DeliveryRepository.Outcome(d.id(), "DELIVERED", code, null, null, clock.instant());
    }

    private DeliveryRepository.Outcome failed(DeliveryRepository.Claimed d, Integer code, String error) {
        Instant now = clock.instant();
        Instant next = now.plus(backoff(d.attempts()));
        if (next.isAfter(d.giveUpAfter())) {
            return new DeliveryRepository.Outcome(d.id(), "DEAD_LETTERED", code, error, null, now);
        }
        return new DeliveryRepository.Outcome(d.id(), "PENDING", code, error, next, now);
    }

    /** Exponential backoff with full jitter: uniformly random up to min(max, initial · 2^(attempt-1)). */
    Duration backoff(int attempt) {
        long ceiling = Math.min(props.maxBackoff().toMillis(), props.initialBackoff().toMillis() << Math.min(Math.max(attempt - 1, 0), 30));
        return Duration.ofMillis(props.initialBackoff().toMillis() / 2 + ThreadLocalRandom.current().nextLong(Math.max(ceiling, 1)));
    }

    private String body(DeliveryRepository.Claimed d) {
        ObjectNode event = json.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", d.eventId());
        event.put("source", d.source());
        event.put("type", d.eventType());
        if (d.subject() != null) {
            event.put("subject", d.subject());
        }
        if (d.eventTime() != null) {
            event.put("time", d.eventTime().toString());
        }
        event.put("tenant", d.tenant());
        event.put("datacontenttype", "application/json");
        JsonNode data = json.readTree(d.payload());
        event.set("data", data);
        return json.writeValueAsString(event);
    }

    private static String describe(Exception e) {
        if (e instanceof CallbackGuard.ForbiddenTargetException) {
            return "refused: " + e.getMessage();
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    @Override
    public void start() {
        PoolingAsyncClientConnectionManager connections = PoolingAsyncClientConnectionManagerBuilder.create()
                .setDnsResolver(new GuardedDnsResolver(guard))
                .setMaxConnPerRoute(props.maxConnectionsPerRoute())
                .setMaxConnTotal(Math.max(props.maxConnectionsPerRoute() * 8, 512))
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(props.timeout()))
                        .setSocketTimeout(Timeout.of(props.timeout()))
                        .build())
                .build();
        http = HttpAsyncClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(props.timeout()))
                        .setConnectionRequestTimeout(Timeout.of(props.timeout()))
                        .setRedirectsEnabled(false)
                        .build())
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(2).build())
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableRedirectHandling()
                .build();
        http.start();
        timeouts = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "webhook-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        loop.start();
    }

    @Override
    public void stop() {
        loop.stop();
        flushOutcomes();
        if (http != null) {
            http.close(CloseMode.IMMEDIATE);
        }
        if (timeouts != null) {
            timeouts.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }
}
