package de.rathaus.benchmarks;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;
import static org.awaitility.Awaitility.await;

import de.rathaus.infra.stack.Component;
import de.rathaus.infra.stack.LocalStack;
import de.rathaus.infra.stack.StackConfig;
import de.rathaus.testsupport.LocalPostgres;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Applications through the gateway with real Keycloak tokens, against the local stack (PostgreSQL, Kafka,
 * Keycloak, service-applications, gateway) with {@code rows} applications already in the database:
 * <ol>
 * <li>a warm-up of submissions up to {@code rate}, straight on the measured submissions (2.), a 20 s pause, a 20 s
 * warm-up of the work list, then the measured work list (3.);</li>
 * <li>after a warm-up ramping up to {@code rate} (the JIT compiles meanwhile), citizens submit applications at a
 * fixed {@code rate} (open model) for {@code seconds}: half Meldebescheinigung
 * (fee: ApplicationSubmitted + FeeDue), half Hundesteuer-Anmeldung (ApplicationSubmitted), each validated against
 * its JSON Schema;</li>
 * <li>clerk Clara (bochum, Bürgerbüro) reads her work list at {@code workListRate}: default view, status filter,
 * overdue filter and a next page by cursor.</li>
 * </ol>
 * After the load the outbox must drain completely and the topic must have grown by exactly the number of events
 * recorded ("every event published"). The facts go to a file that {@link ApplicationsSummary} merges with Gatling's
 * statistics into {@code benchmarks/results/applications-submissions-and-worklist.md}.
 */
public class ApplicationsSubmissionSimulation extends Simulation {

    static final int RATE = Integer.getInteger("rate", 300);
    static final int WORK_LIST_RATE = Integer.getInteger("workListRate", 50);
    static final int ROWS = Integer.getInteger("rows", 1_000_000);
    static final Duration WARMUP = Duration.ofSeconds(Integer.getInteger("warmupSeconds", 200));
    static final Duration MEASURE = Duration.ofSeconds(Integer.getInteger("seconds", 60));
    static final String TOPIC = "rathaus.applications.v1";
    static final Path FACTS = Path.of(System.getProperty("rathaus.benchmarks.results", "benchmarks/results"))
            .resolveSibling("target").resolve("applications-benchmark-facts.tsv");

    static final String MELDEBESCHEINIGUNG = """
            {"serviceType": "meldebescheinigung", "formData": {"art": "ERWEITERT", "anzahl": 2, "zweck": "Wohnungsgeber"}}""";
    static final String HUNDESTEUER = """
            {"serviceType": "hundesteuer-anmeldung", "formData": {"hund": {"name": "Bello", "rasse": "Labrador",
             "geburtsdatum": "2024-03-01", "chipnummer": "276098106123456"}, "haltungSeit": "2025-01-15"}}""";

    private final Map<String, String> facts = new LinkedHashMap<>();
    private final LocalStack stack;
    private final LocalPostgres.Database db;
    private final long offsetsBefore;
    private final long outboxBefore;

    public ApplicationsSubmissionSimulation() {
        stack = LocalStack.start(StackConfig.fromEnvironment()
                .components(Component.POSTGRES, Component.KAFKA, Component.KEYCLOAK, Component.APPLICATIONS, Component.GATEWAY)
                .databasePrefix("bench_")
                .resetDatabases(true)
                // a fresh broker of its own (.local/bench_kafka-data): events of an earlier run would keep the services busy
                .resetKafka(true)
                // the per-user and per-client limits protect against abuse; here they would cap the measurement
                .env(Component.GATEWAY, "RATHAUS_RATE_LIMIT_PER_USER_CAPACITY", "1000000")
                .env(Component.GATEWAY, "RATHAUS_RATE_LIMIT_PER_USER_REFILL_PER_SECOND", "1000000")
                .env(Component.GATEWAY, "RATHAUS_RATE_LIMIT_PER_CLIENT_CAPACITY", "1000000")
                .env(Component.GATEWAY, "RATHAUS_RATE_LIMIT_PER_CLIENT_REFILL_PER_SECOND", "1000000")
                .build());
        db = stack.database("applications");
        long seedStart = System.nanoTime();
        ApplicationsBenchmarkData.seed(db, ROWS);
        facts.put("seedSeconds", String.valueOf(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - seedStart)));
        facts.put("rowsBefore", String.valueOf(ApplicationsBenchmarkData.count(db, "select count(*) from application")));
        facts.put("openInClarasUnit", String.valueOf(ApplicationsBenchmarkData.count(db, "select count(*) from application"
                + " where tenant = 'bochum' and org_unit = 'buergerbuero' and status in ('SUBMITTED', 'AWAITING_PAYMENT',"
                + " 'IN_REVIEW', 'INFORMATION_REQUESTED', 'SUSPENDED')")));
        offsetsBefore = endOffsets();
        outboxBefore = ApplicationsBenchmarkData.count(db, "select count(*) from outbox_event");
        facts.put("rate", String.valueOf(RATE));
        facts.put("workListRate", String.valueOf(WORK_LIST_RATE));
        facts.put("seconds", String.valueOf(MEASURE.toSeconds()));
        facts.put("warmupSeconds", String.valueOf(WARMUP.toSeconds()));
        facts.put("javaOpts", "-Xmx" + System.getenv().getOrDefault("RATHAUS_SERVICE_XMX", StackConfig.DEFAULT_SERVICE_XMX)
                + " " + System.getenv("RATHAUS_SERVICE_JAVA_OPTS"));

        String keycloak = stack.keycloakUrl();
        String gateway = stack.gatewayUrl();
        List<String> citizens = List.of("anna", "ben");
        ApplicationsTokens.prepare(keycloak, List.of("anna", "ben", "clara"));
        AtomicLong counter = new AtomicLong();
        Iterator<Map<String, Object>> submissions = Stream.generate(() -> {
            long n = counter.getAndIncrement();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("user", citizens.get((int) (n % citizens.size())));
            row.put("body", n % 2 == 0 ? MELDEBESCHEINIGUNG : HUNDESTEUER);
            return row;
        }).iterator();
        String cursor = firstPageCursor(gateway, ApplicationsTokens.cachedFor("clara"));
        List<String> views = List.of("?limit=50", "?status=IN_REVIEW&limit=50", "?overdue=true&limit=50",
                "?serviceType=meldebescheinigung&dueBefore=" + LocalDate.now().plusDays(7) + "&limit=50",
                "?limit=50&cursor=" + cursor);
        AtomicLong viewCounter = new AtomicLong();
        Iterator<Map<String, Object>> workLists = Stream.generate(() -> Map.<String, Object>of(
                "query", views.get((int) (viewCounter.getAndIncrement() % views.size())))).iterator();

        ScenarioBuilder warmup = submit("warmup submit", gateway, submissions);
        ScenarioBuilder measured = submit("submit", gateway, submissions);
        ScenarioBuilder workListWarmup = workList("warmup work list", gateway, workLists);
        ScenarioBuilder workList = workList("work list", gateway, workLists);

        HttpProtocolBuilder protocol = http.acceptHeader("application/json").contentTypeHeader("application/json")
                .shareConnections();
        // the measured submissions follow their warm-up without a gap, at the same rate (a pause or other load in
        // between would measure the transition back to full load instead of the steady state); the work list
        // comes after a pause that lets the submissions' outbox backlog drain, with its own warm-up.
        // The warm-up gives the JIT compilers of the gateway and the service the two to three minutes of load they need
        // on two cores (measured with async-profiler: a quarter of their CPU still went to the C2 compiler threads after
        // 90 s): a quarter ramping up to half the rate, a quarter at half the rate (cold, at the full rate, requests
        // pile up faster than they are served), a quarter ramping up to the full rate and a quarter at the full rate,
        // so that the queue the last compilations leave behind has drained before the measurement starts
        int half = Math.max(1, RATE / 2);
        Duration quarter = WARMUP.dividedBy(4);
        setUp(warmup.injectOpen(rampUsersPerSec(1).to(half).during(quarter), constantUsersPerSec(half).during(quarter),
                        rampUsersPerSec(half).to(RATE).during(quarter), constantUsersPerSec(RATE).during(quarter))
                .andThen(measured.injectOpen(constantUsersPerSec(RATE).during(MEASURE)))
                .andThen(workListWarmup.injectOpen(nothingFor(Duration.ofSeconds(20)),
                        constantUsersPerSec(WORK_LIST_RATE).during(Duration.ofSeconds(20))))
                .andThen(workList.injectOpen(constantUsersPerSec(WORK_LIST_RATE).during(MEASURE))))
                .protocols(protocol);
    }

    private static ScenarioBuilder workList(String name, String gateway,
                                            Iterator<Map<String, Object>> feed) {
        return scenario(name)
                .feed(feed)
                .exec(session -> session.set("token", ApplicationsTokens.cachedFor("clara")))
                .exec(http(name)
                        .get(gateway + "/api/v1/applications/backoffice/applications#{query}")
                        .header("Authorization", "Bearer #{token}")
                        .header("X-Purpose", "Fallbearbeitung")
                        .check(status().is(200)));
    }

    private static ScenarioBuilder submit(String name, String gateway, Iterator<Map<String, Object>> feed) {
        return scenario(name)
                .feed(feed)
                .exec(session -> session.set("token", ApplicationsTokens.cachedFor(session.getString("user"))))
                .exec(http(name)
                        .post(gateway + "/api/v1/applications")
                        .header("Authorization", "Bearer #{token}")
                        .body(io.gatling.javaapi.core.CoreDsl.StringBody("#{body}"))
                        .check(status().is(201))
                        .check(header("Location").exists()));
    }

    private static String firstPageCursor(String gateway, String token) {
        String body = ApplicationsTokens.get(gateway + "/api/v1/applications/backoffice/applications?limit=50", token);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"nextCursor\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("Clara's work list has no second page: " + body.substring(0, Math.min(300, body.length())));
        }
        return m.group(1);
    }

    private long endOffsets() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()))) {
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            if (!topics.contains(TOPIC)) {
                return 0;
            }
            int partitions = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(TOPIC).partitions().size();
            Map<TopicPartition, OffsetSpec> request = Stream.iterate(0, i -> i + 1).limit(partitions)
                    .collect(Collectors.toMap(i -> new TopicPartition(TOPIC, i), i -> OffsetSpec.latest()));
            return admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the end offsets of " + TOPIC, e);
        }
    }

    @Override
    public void after() {
        try {
            String unpublishedQuery = "select count(*) from outbox_event where published_at is null";
            try {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                        .until(() -> ApplicationsBenchmarkData.count(db, unpublishedQuery) == 0);
            } catch (ConditionTimeoutException e) {
                // not drained in time: the count below goes into the result as "still unpublished"
            }
            long unpublished = ApplicationsBenchmarkData.count(db, unpublishedQuery);
            long recorded = ApplicationsBenchmarkData.count(db, "select count(*) from outbox_event") - outboxBefore;
            long created = ApplicationsBenchmarkData.count(db, "select count(*) from application where citizen_id not like 'seed-%'");
            long withFee = ApplicationsBenchmarkData.count(db,
                    "select count(*) from application where citizen_id not like 'seed-%' and fee_amount_cents > 0");
            facts.put("applicationsCreated", String.valueOf(created));
            facts.put("eventsExpected", String.valueOf(created + withFee));
            facts.put("eventsRecorded", String.valueOf(recorded));
            facts.put("eventsUnpublished", String.valueOf(unpublished));
            facts.put("eventsOnKafka", String.valueOf(endOffsets() - offsetsBefore));
            facts.put("auditEntries", String.valueOf(ApplicationsBenchmarkData.count(db, "select count(*) from audit_entry")));
            ApplicationsBenchmarkData.WORK_LIST_QUERIES.forEach((name, sql) ->
                    facts.put("plan: " + name, String.join("\n", ApplicationsBenchmarkData.explain(db, sql))));
            ApplicationsBenchmarkData.writeFacts(FACTS, facts);
        } finally {
            stack.close();
        }
    }
}
