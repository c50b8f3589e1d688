package de.rathaus.benchmarks;

import com.sun.net.httpserver.HttpServer;
import de.rathaus.testsupport.EventSender;
import de.rathaus.testsupport.LocalPostgres;
import de.rathaus.testsupport.TestTokens;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventSerializer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * service-notifications under the two loads of its issue, against the real service jar (its own JVM), real
 * PostgreSQL and an embedded KRaft broker; events are published like another service's outbox relay does.
 *
 * <ul>
 *   <li><b>Event to inbox</b>: {@code EVENTS} (10,000) {@code ApplicationSubmitted} events for 1,000 citizens,
 *   published at a steady {@code RATE} per second. The latency of an event is the time from its publication until
 *   the harness sees its inbox message committed in the database (polled every 10 ms, so figures include up to
 *   10 ms of polling granularity).</li>
 *   <li><b>Webhook fan-out</b>: 50 subscriptions to the same event type on 50 loopback HTTP receivers; one of them
 *   answers only after {@code SLOW_MS} (2 s). {@code FANOUT_EVENTS} events are published at once; the rate is the
 *   number of deliveries the 49 healthy receivers got, divided by the time from the first to the last of them.</li>
 * </ul>
 * Arguments: result file, events (10000), rate (200/s), fan-out events (2000), slow receiver delay ms (2000).
 */
public final class NotificationsBenchmark {

    private static final String TENANT = "bench";
    private static final String TYPE = "de.rathaus.applications.ApplicationSubmitted.v1";
    private static final String TOPIC = "rathaus.applications.v1";

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "benchmarks/results/notifications-inbox-and-webhooks.md");
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int fanOutEvents = args.length > 3 ? Integer.parseInt(args[3]) : 2_000;
        int slowMillis = args.length > 4 ? Integer.parseInt(args[4]) : 2_000;
        Path jar = Path.of("service-notifications/target/service-notifications-0.1.0-SNAPSHOT.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException("Build the service first: " + jar);
        }
        LocalPostgres.dropDatabase("bench_notifications");
        LocalPostgres.Database db = LocalPostgres.ensureDatabase("bench_notifications");
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 6, "rathaus.applications.v1", "rathaus.payments.v1",
                "rathaus.appointments.v1");
        kafka.afterPropertiesSet();
        TestTokens tokens = new TestTokens();
        int port = BenchmarkProcesses.freePort();
        Path log = Files.createTempFile("notifications-benchmark", ".log");
        Process service = BenchmarkProcesses.startService(jar, List.of("-Xmx768m", "-XX:+UseSerialGC"), port, db,
                kafka.getBrokersAsString(), tokens.issuer(), log,
                "--spring.profiles.active=local", // development settings (URLs, demo secret, simulated SMS)
                // no SMTP and no Keycloak here: citizens choose the inbox only (preferences), so neither is called
                "--rathaus.notifications.contacts.keycloak.server-url=http://127.0.0.1:9",
                "--rathaus.notifications.webhooks.allow-http=true",
                "--rathaus.notifications.webhooks.allowed-targets=127.0.0.1/32");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://127.0.0.1:" + port;
        try (Connection jdbc = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
             KafkaProducer<String, CloudEvent> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString(),
                     ProducerConfig.LINGER_MS_CONFIG, 0, ProducerConfig.ACKS_CONFIG, "all"),
                     new StringSerializer(), new CloudEventSerializer())) {
            BenchmarkProcesses.awaitReady(http, base, service, log, Duration.ofMinutes(3));
            inboxOnly(jdbc, 1_000);

            // warm-up (not measured)
            Inbox warm = inbox(jdbc, producer, 1_000, rate);
            System.out.printf("Warm-up: %d events, p99 %.1f ms%n", warm.latencies.length, warm.percentile(99));
            Inbox measured = inbox(jdbc, producer, events, rate);
            System.out.printf("Inbox: %d events, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", measured.latencies.length,
                    measured.percentile(50), measured.percentile(99), measured.percentile(100));

            FanOut fanOut = fanOut(http, base, tokens, producer, fanOutEvents, slowMillis);
            System.out.printf("Fan-out: %d healthy deliveries at %.0f/s; slow receiver got %d%n", fanOut.healthy, fanOut.rate(), fanOut.slow);
            write(output, events, rate, warm, measured, fanOutEvents, slowMillis, fanOut);
        } finally {
            service.destroy();
            if (!service.waitFor(20, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
            kafka.destroy();
            tokens.close();
        }
        System.exit(0);
    }

    /** The benchmark's citizens chose the inbox only: no contact lookup, no e-mail. */
    private static void inboxOnly(Connection jdbc, int citizens) throws Exception {
        try (PreparedStatement insert = jdbc.prepareStatement("""
                insert into preference (tenant, citizen_id, channels, language, opt_outs, updated_at)
                values (?, ?, '{INBOX}', 'de', '{}', now()) on conflict do nothing""")) {
            for (int i = 0; i < citizens; i++) {
                insert.setString(1, TENANT);
                insert.setString(2, "citizen-" + i);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    record Inbox(double[] latencies, double seconds) {
        double percentile(double p) {
            double[] sorted = latencies.clone();
            Arrays.sort(sorted);
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
        }
    }

    private static Inbox inbox(Connection jdbc, KafkaProducer<String, CloudEvent> producer, int count, int rate) throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> seenAt = new ConcurrentHashMap<>();
        Instant since = Instant.now().minusSeconds(5);
        Thread observer = new Thread(() -> observe(jdbc, since, sentAt, seenAt, count));
        observer.start();
        long start = System.nanoTime();
        long interval = 1_000_000_000L / rate;
        for (int i = 0; i < count; i++) {
            long due = start + i * interval;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            String applicationId = UUID.randomUUID().toString();
            CloudEvent event = EventSender.event(TYPE, applicationId, TENANT, """
                    {"applicationId": "%s", "citizenId": "citizen-%d", "serviceTypeKey": "meldebescheinigung"}"""
                    .formatted(applicationId, i % 1_000));
            sentAt.put(event.getId(), System.nanoTime());
            producer.send(new ProducerRecord<>(TOPIC, applicationId, event));
        }
        producer.flush();
        observer.join(TimeUnit.MINUTES.toMillis(5));
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] latencies = new double[seenAt.size()];
        int i = 0;
        for (Map.Entry<String, Long> seen : seenAt.entrySet()) {
            latencies[i++] = (seen.getValue() - sentAt.get(seen.getKey())) / 1e6;
        }
        if (seenAt.size() < count) {
            throw new IllegalStateException("only " + seenAt.size() + " of " + count + " inbox messages appeared");
        }
        return new Inbox(latencies, seconds);
    }

    /** Polls the inbox table every 10 ms and notes when each awaited event's message became visible. */
    private static void observe(Connection jdbc, Instant since, Map<String, Long> sentAt, Map<String, Long> seenAt, int count) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        try (PreparedStatement query = jdbc.prepareStatement(
                "select event_id from inbox_message where created_at >= ? and tenant = ?")) {
            Instant window = since;
            while (seenAt.size() < count && System.nanoTime() < deadline) {
                query.setTimestamp(1, java.sql.Timestamp.from(window));
                query.setString(2, TENANT);
                Instant polledAt = Instant.now();
                try (ResultSet rs = query.executeQuery()) {
                    long now = System.nanoTime();
                    while (rs.next()) {
                        String id = rs.getString(1);
                        if (sentAt.containsKey(id)) {
                            seenAt.putIfAbsent(id, now);
                        }
                    }
                }
                // a message commits at most a few seconds after its created_at: keep a trailing window
                window = polledAt.minusSeconds(10).isAfter(since) ? polledAt.minusSeconds(10) : since;
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    record FanOut(long healthy, long slow, double seconds, int subscribers) {
        double rate() {
            return healthy / seconds;
        }
    }

    private static FanOut fanOut(HttpClient http, String base, TestTokens tokens, KafkaProducer<String, CloudEvent> producer,
                                 int events, int slowMillis) throws Exception {
        String token = tokens.tokenWith("service-account-bench", TENANT, List.of(), Map.of("azp", "bench-subscriber", "scope", "subscriptions"));
        ExecutorService receivers = Executors.newFixedThreadPool(64);
        AtomicLong healthy = new AtomicLong();
        AtomicLong slow = new AtomicLong();
        AtomicLong first = new AtomicLong();
        AtomicLong last = new AtomicLong();
        long expected = (long) events * 49;
        List<HttpServer> servers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            boolean isSlow = i == 0;
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
            server.setExecutor(receivers);
            server.createContext("/hook", exchange -> {
                exchange.getRequestBody().readAllBytes();
                if (isSlow) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(slowMillis));
                    slow.incrementAndGet();
                } else {
                    long now = System.nanoTime();
                    first.compareAndSet(0, now);
                    if (healthy.incrementAndGet() <= expected) {
                        last.set(now);
                    }
                }
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
            servers.add(server);
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/notifications/webhooks/subscriptions"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"callbackUrl\": \"http://127.0.0.1:%d/hook\", \"eventTypes\": [\"%s\"]}"
                            .formatted(server.getAddress().getPort(), TYPE))).build(), HttpResponse.BodyHandlers.ofString());
            if (created.statusCode() != 201) {
                throw new IllegalStateException("subscription not created: " + created.statusCode() + " " + created.body());
            }
        }
        for (int i = 0; i < events; i++) {
            String applicationId = UUID.randomUUID().toString();
            producer.send(new ProducerRecord<>(TOPIC, applicationId, EventSender.event(TYPE, applicationId, TENANT, """
                    {"applicationId": "%s", "citizenId": "nobody", "serviceTypeKey": "x"}""".formatted(applicationId))));
        }
        producer.flush();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (healthy.get() < expected && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        FanOut result = new FanOut(Math.min(healthy.get(), expected), slow.get(), (last.get() - first.get()) / 1e9, 50);
        servers.forEach(s -> s.stop(0));
        receivers.shutdownNow();
        return result;
    }

    private static void write(Path output, int events, int rate, Inbox warm, Inbox inbox, int fanOutEvents, int slowMillis, FanOut fanOut)
            throws IOException {
        String machine = "%d cores, %d MiB max heap for the harness, %s %s; PostgreSQL local, embedded KRaft broker (6 partitions)"
                .formatted(Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                        System.getProperty("java.vm.name"), System.getProperty("java.version"));
        boolean inboxMet = inbox.percentile(99) <= 500;
        boolean fanOutMet = fanOut.rate() >= 1_000;
        String text = """
                # Notifications: event-to-inbox latency and webhook fan-out

                Run: %s by `benchmarks/run.sh notifications` (class `NotificationsBenchmark`).
                Machine: %s. The service jar runs in its own JVM (`-Xmx768m -XX:+UseSerialGC`, default settings: listener
                concurrency 3, webhook in-flight limit 16 per subscription); harness, broker and PostgreSQL share the 2 cores.

                ## Event to inbox (target: p99 ≤ 500 ms)

                %d `ApplicationSubmitted` events for 1,000 citizens (inbox-only preferences), published at a steady %d/s
                after a warm-up of 1,000 events. Latency = publication until the inbox message is visible (committed) in the
                database, observed by polling every 10 ms.

                | events | rate | p50 | p90 | p99 | max |
                |---|---|---|---|---|---|
                | %d | %d/s | %.1f ms | %.1f ms | %.1f ms | %.1f ms |

                **Verdict: %s** (p99 %.1f ms). Not counted: the warm-up right after start (JIT, connection pools,
                first Kafka fetches) had p99 %.1f ms.

                ## Webhook fan-out (target: ≥ 1,000 deliveries/s to the healthy subscribers)

                50 subscriptions (one client) to `%s`, each on its own loopback HTTP receiver; receiver 1 answers after
                %d ms, the 49 others at once. %d events published at once (a backlog), i.e. %d deliveries to healthy receivers.

                | healthy deliveries | time first→last | rate | slow receiver got meanwhile |
                |---|---|---|---|
                | %d | %.1f s | %.0f/s | %d |

                **Verdict: %s** (%.0f deliveries/s). The slow subscriber is limited to its own in-flight slots (16), so it
                never holds up the others.
                """.formatted(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(Instant.now().atOffset(ZoneOffset.UTC)).substring(0, 16) + " UTC",
                machine, events, rate, inbox.latencies.length, rate, inbox.percentile(50), inbox.percentile(90), inbox.percentile(99),
                inbox.percentile(100), inboxMet ? "target met" : "target missed", inbox.percentile(99), warm.percentile(99),
                TYPE, slowMillis, fanOutEvents, (long) fanOutEvents * 49, fanOut.healthy, fanOut.seconds, fanOut.rate(), fanOut.slow,
                fanOutMet ? "target met" : "target missed", fanOut.rate());
        Files.writeString(output, text);
        System.out.println("Written " + output);
    }


}
