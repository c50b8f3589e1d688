package de.rathaus.payments.simulator;

import de.rathaus.payments.provider.LocalServer;
import de.rathaus.payments.provider.NotificationSignature;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * A payment service provider in miniature, for development, tests and benchmarks: checkouts with a hosted page,
 * refunds, and signed notifications that arrive like real ones do: later, asynchronously, sometimes twice and
 * out of order (configurable, seeded). State lives in memory: a restart forgets open checkouts, which the
 * service's reconciliation then sees as unknown — realistic enough for a simulator.
 */
public class PspSimulator {

    private static final Logger log = LoggerFactory.getLogger(PspSimulator.class);

    public enum Status { OPEN, STARTED, SUCCEEDED, FAILED, CANCELLED }

    public enum Decision { PAY, FAIL, ABANDON }

    /** One checkout session; guarded by its own monitor. */
    public static final class Checkout {
        final String id;
        final UUID paymentId;
        final String tenant;
        final long amountCents;
        final String currency;
        final String description;
        final String returnUrl;
        Status status = Status.OPEN;
        String failureCode;
        final Map<UUID, Long> refunds = new LinkedHashMap<>();

        Checkout(String id, UUID paymentId, String tenant, long amountCents, String currency, String description, String returnUrl) {
            this.id = id;
            this.paymentId = paymentId;
            this.tenant = tenant;
            this.amountCents = amountCents;
            this.currency = currency;
            this.description = description;
            this.returnUrl = returnUrl;
        }

        public synchronized Map<String, Object> view(String nextUrl) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("checkoutId", id);
            view.put("paymentId", paymentId);
            view.put("nextUrl", nextUrl);
            view.put("status", status.name());
            view.put("amountCents", amountCents);
            view.put("failureCode", failureCode);
            return view;
        }

        public String description() {
            return description;
        }

        public long amountCents() {
            return amountCents;
        }

        public String returnUrl() {
            return returnUrl;
        }

        public synchronized Status status() {
            return status;
        }
    }

    private final SimulatorProperties props;
    private final LocalServer localServer;
    private final JsonMapper json;
    private final Clock clock;
    private final NotificationSignature signature;
    private final Map<String, Checkout> checkouts = new ConcurrentHashMap<>();
    private final Random random;
    private final ScheduledExecutorService scheduler;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong deliveries = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejectedAsReplay = new AtomicLong();
    private final AtomicLong failedDeliveries = new AtomicLong();
    private final AtomicLong duplicated = new AtomicLong();
    private final AtomicLong reordered = new AtomicLong();

    public PspSimulator(SimulatorProperties props, LocalServer localServer, JsonMapper json, Clock clock) {
        this.props = props;
        this.localServer = localServer;
        this.json = json;
        this.clock = clock;
        this.signature = new NotificationSignature(props.notificationSecret());
        this.random = props.seed() == 0 ? new Random() : new Random(props.seed());
        this.scheduler = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "psp-simulator");
            thread.setDaemon(true);
            return thread;
        });
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
    }

    public Checkout create(UUID paymentId, String tenant, long amountCents, String currency, String description, String returnUrl) {
        Checkout checkout = new Checkout("chk_" + UUID.randomUUID().toString().replace("-", ""), paymentId, tenant,
                amountCents, currency, description, returnUrl);
        checkouts.put(checkout.id, checkout);
        return checkout;
    }

    public Optional<Checkout> find(String id) {
        return Optional.ofNullable(checkouts.get(id));
    }

    public String nextUrl(Checkout checkout) {
        return props.publicUrl() + "/checkout/" + checkout.id;
    }

    /** The payer opened the hosted page. */
    public void opened(Checkout checkout) {
        synchronized (checkout) {
            if (checkout.status == Status.OPEN) {
                checkout.status = Status.STARTED;
            }
        }
    }

    /**
     * The payer pressed a button. The outcome is final; the notifications (a "started" one and the final one) are
     * scheduled with random delays, maybe twice, maybe the final one first.
     *
     * @return false if the checkout had been decided before
     */
    public boolean decide(Checkout checkout, Decision decision) {
        return decide(checkout, decision, true);
    }

    /**
     * @param notify false simulates notifications that never arrive (only reconciliation finds the outcome)
     */
    public boolean decide(Checkout checkout, Decision decision, boolean notify) {
        String type;
        synchronized (checkout) {
            if (checkout.status == Status.SUCCEEDED || checkout.status == Status.FAILED || checkout.status == Status.CANCELLED) {
                return false;
            }
            switch (decision) {
                case PAY -> checkout.status = Status.SUCCEEDED;
                case FAIL -> {
                    checkout.status = Status.FAILED;
                    checkout.failureCode = "P0010";
                }
                case ABANDON -> {
                    checkout.status = Status.CANCELLED;
                    checkout.failureCode = "P0030";
                }
            }
            type = switch (decision) {
                case PAY -> "checkout.succeeded";
                case FAIL -> "checkout.failed";
                case ABANDON -> "checkout.abandoned";
            };
        }
        if (!notify) {
            return true;
        }
        List<Map<String, Object>> notifications = new ArrayList<>(List.of(notification(checkout, "checkout.started"), notification(checkout, type)));
        long base;
        long gap;
        boolean reorder;
        List<Boolean> twice = new ArrayList<>();
        synchronized (random) {
            base = between(props.minDelay(), props.maxDelay());
            gap = Math.max(1, between(Duration.ZERO, props.maxDelay().minus(props.minDelay())) / 2);
            reorder = random.nextDouble() < props.reorderProbability();
            for (int i = 0; i < notifications.size(); i++) {
                twice.add(random.nextDouble() < props.duplicateProbability());
            }
        }
        if (reorder) {
            notifications = List.of(notifications.get(1), notifications.get(0));
            reordered.incrementAndGet();
        }
        for (int i = 0; i < notifications.size(); i++) {
            long at = base + i * gap;
            Map<String, Object> notification = notifications.get(i);
            schedule(notification, at, 0);
            if (twice.get(i)) {
                duplicated.incrementAndGet();
                // the duplicate comes after everything else: a late redelivery of an old notification
                schedule(notification, base + notifications.size() * gap + 1, 0);
            }
        }
        return true;
    }

    /** Counters of the notification traffic (for tests and benchmarks). */
    public Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("checkouts", checkouts.size());
        stats.put("deliveries", deliveries.get());
        stats.put("accepted", accepted.get());
        stats.put("rejectedAsReplay", rejectedAsReplay.get());
        stats.put("failedDeliveries", failedDeliveries.get());
        stats.put("duplicatedNotifications", duplicated.get());
        stats.put("reorderedCheckouts", reordered.get());
        return stats;
    }

    /** The merchant closes an undecided checkout; false if the payer has decided already. */
    public boolean cancel(Checkout checkout) {
        synchronized (checkout) {
            if (checkout.status == Status.OPEN || checkout.status == Status.STARTED) {
                checkout.status = Status.CANCELLED;
                checkout.failureCode = "P0040";
                return true;
            }
            return checkout.status == Status.CANCELLED && "P0040".equals(checkout.failureCode);
        }
    }

    /** Refunds are idempotent per refund id and never exceed what was paid. */
    public Map<String, Object> refund(Checkout checkout, UUID refundId, long amountCents) {
        synchronized (checkout) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("refundId", "rfd_" + refundId);
            if (checkout.refunds.containsKey(refundId)) {
                result.put("status", "SUCCEEDED");
                return result;
            }
            long refunded = checkout.refunds.values().stream().mapToLong(Long::longValue).sum();
            if (checkout.status != Status.SUCCEEDED || amountCents < 1 || refunded + amountCents > checkout.amountCents) {
                result.put("status", "FAILED");
                result.put("reason", checkout.status != Status.SUCCEEDED ? "not paid" : "amount exceeds what is refundable");
                return result;
            }
            checkout.refunds.put(refundId, amountCents);
            result.put("status", "SUCCEEDED");
            return result;
        }
    }

    private long between(Duration min, Duration max) {
        long low = min.toMillis();
        long high = Math.max(low, max.toMillis());
        return low == high ? low : low + (long) (random.nextDouble() * (high - low));
    }

    private Map<String, Object> notification(Checkout checkout, String type) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", "ntf_" + UUID.randomUUID().toString().replace("-", ""));
        body.put("type", type);
        body.put("checkoutId", checkout.id);
        body.put("paymentId", checkout.paymentId);
        body.put("amountCents", checkout.amountCents);
        if (!"checkout.started".equals(type) && checkout.failureCode != null) {
            body.put("failureCode", checkout.failureCode);
        }
        body.put("occurredAt", Instant.now(clock).toString());
        return body;
    }

    private void schedule(Map<String, Object> notification, long delayMillis, int attempt) {
        try {
            scheduler.schedule(() -> deliver(notification, attempt), delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("Simulator stopped; notification {} not delivered", notification.get("id"));
        }
    }

    private void deliver(Map<String, Object> notification, int attempt) {
        String url = props.notificationUrl().isBlank()
                ? localServer.baseUrl() + "/api/v1/payments/public/provider-notifications"
                : props.notificationUrl();
        byte[] body = json.writeValueAsBytes(notification);
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header(NotificationSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(NotificationSignature.SIGNATURE_HEADER, signature.sign(timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        int status;
        deliveries.incrementAndGet();
        try {
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            status = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (status >= 200 && status < 300) {
            accepted.incrementAndGet();
        } else if (status == 409) {
            rejectedAsReplay.incrementAndGet();
        } else {
            failedDeliveries.incrementAndGet();
        }
        // 2xx: done; 409: the receiver had it already; other 4xx: it will not get better. Else retry with backoff.
        if ((status < 200 || status >= 300) && status != 409 && (status < 400 || status >= 500 || status == 429)) {
            if (attempt < 5) {
                schedule(notification, 1000L << attempt, attempt + 1);
            } else {
                log.warn("Simulator gave up delivering notification {} (last status {})", notification.get("id"), status);
            }
        }
    }
}
