package de.rathaus.benchmarks;

import de.rathaus.platform.events.EventOutbox;
import de.rathaus.platform.events.EventSpec;
import de.rathaus.platform.events.OutboxRelay;
import de.rathaus.testsupport.LocalPostgres;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox relay under a backlog, the situation after a broker outage: {@code HISTORY} events already
 * published (a week of traffic kept for the retention period) and {@code BACKLOG} unpublished ones recorded while
 * the broker was away. Measures how fast events are recorded, how fast the relay drains the backlog to a real
 * (embedded KRaft) broker, and shows the plan of the relay's query, which must not touch the history.
 *
 * <p>Arguments: results file, history rows (default 1,000,000), backlog events (default 50,000).
 */
public final class OutboxBacklogBenchmark {

    static final EventSpec EVENT = EventSpec.of("rathaus.bench.v1", "de.rathaus.bench.Happened.v1", "bench.json");

    @Configuration
    @EnableAutoConfiguration
    static class App {
    }

    record Payload(String aggregate, int sequence) {
    }

    public static void main(String[] args) throws IOException {
        Path output = Path.of(args.length > 0 ? args[0] : "benchmarks/results/outbox-backlog.md");
        int history = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int backlog = args.length > 2 ? Integer.parseInt(args[2]) : 50_000;

        LocalPostgres.dropDatabase("bench_outbox");
        LocalPostgres.Database db = LocalPostgres.ensureDatabase("bench_outbox");
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 6, EVENT.topic());
        kafka.afterPropertiesSet();
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "spring.application.name=outbox-benchmark",
                        "spring.datasource.url=" + db.jdbcUrl(),
                        "spring.datasource.username=" + db.username(),
                        "spring.datasource.password=" + db.password(),
                        "spring.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                        "rathaus.outbox.source=urn:rathaus:benchmark",
                        "rathaus.outbox.auto-startup=false",
                        "rathaus.security.issuer-uri=http://localhost/unused",
                        "logging.level.root=WARN")
                .run()) {
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            TransactionTemplate tx = context.getBean(TransactionTemplate.class);
            EventOutbox outbox = context.getBean(EventOutbox.class);
            OutboxRelay relay = context.getBean(OutboxRelay.class);
            int batchSize = context.getEnvironment().getProperty("rathaus.outbox.batch-size", Integer.class, 200);

            long t0 = System.nanoTime();
            jdbc.sql("""
                    insert into outbox_event (id, topic, message_key, event_type, source, tenant, occurred_at, payload, published_at, attempts)
                    select gen_random_uuid(), 'rathaus.bench.v1', 'history-' || (i % 5000), 'de.rathaus.bench.Happened.v1',
                           'urn:rathaus:benchmark', 'bochum', now() - interval '7 days' + i * interval '1 millisecond',
                           jsonb_build_object('aggregate', 'history-' || (i % 5000), 'sequence', i),
                           now() - interval '7 days' + i * interval '1 millisecond', 1
                    from generate_series(1, :n) as i
                    """).param("n", history).update();
            jdbc.sql("analyze outbox_event").update();
            double historySeconds = seconds(t0);

            long t1 = System.nanoTime();
            for (int done = 0; done < backlog; done += 100) {
                int from = done;
                tx.executeWithoutResult(status -> {
                    for (int i = from; i < Math.min(from + 100, backlog); i++) {
                        String aggregate = "application-" + (i % 2000);
                        outbox.record(EVENT, aggregate, "bochum", new Payload(aggregate, i));
                    }
                });
            }
            double recordSeconds = seconds(t1);

            String plan = String.join("\n", jdbc.sql("""
                    explain (analyze, buffers, costs off, timing off)
                    select id from outbox_event where published_at is null order by occurred_at, id limit 200 for update skip locked
                    """).query(String.class).list());

            long t2 = System.nanoTime();
            long published = 0;
            int rounds = 0;
            int round;
            while ((round = relay.relayOnce()) > 0) {
                published += round;
                rounds++;
            }
            double drainSeconds = seconds(t2);
            long pending = relay.pendingCount();

            String report = """
                    # Outbox relay under a backlog

                    The situation after a broker outage: %,d events already published (history kept for the retention
                    period) and %,d unpublished events recorded meanwhile (2,000 aggregates, transactions of 100).
                    The relay (`OutboxRelay.relayOnce`, batch size %d) drains them to a real Kafka broker (embedded
                    KRaft, 6 partitions, acks=all, idempotent producer) in the same JVM; PostgreSQL 15 on the same
                    machine. Run: `benchmarks/run.sh outbox`.

                    - Date: %s
                    - Machine: %d cores, %s

                    | Step | Events | Seconds | Events/s |
                    |---|---:|---:|---:|
                    | history inserted (SQL, not through the outbox) | %,d | %.1f | – |
                    | backlog recorded through `EventOutbox.record` | %,d | %.1f | %,.0f |
                    | backlog drained by the relay (%d rounds) | %,d | %.1f | %,.0f |

                    Unpublished after draining: %d.

                    The relay's query with the backlog and the history in the table (`EXPLAIN ANALYZE`): it reads the
                    partial index over unpublished rows only, so the published history does not slow it down, unlike a
                    registry that scans every publication to find the incomplete ones (spring-modulith issue 1146).

                    ```
                    %s
                    ```
                    """.formatted(history, backlog, batchSize,
                    ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME),
                    Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getRuntimeMXBean().getVmName() + " " + System.getProperty("java.version"),
                    history, historySeconds, backlog, recordSeconds, backlog / recordSeconds,
                    rounds, published, drainSeconds, published / drainSeconds, pending, plan);
            Files.createDirectories(output.toAbsolutePath().getParent());
            Files.writeString(output, report);
            System.out.println(report);
        } finally {
            kafka.destroy();
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    static {
        Locale.setDefault(Locale.ROOT);
    }
}
