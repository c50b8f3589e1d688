package de.rathaus.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes {@code benchmarks/results/applications-submissions-and-worklist.md} from the newest
 * {@link ApplicationsSubmissionSimulation} run: Gatling's statistics table (its HTML report; Gatling 3.15 writes no
 * JSON statistics, parsed like {@link GatlingSummary} does) and the facts the simulation measured itself (events,
 * query plans).
 *
 * <p>Arguments: the Gatling results folder, the facts file, the results file.
 */
public final class ApplicationsSummary {

    private ApplicationsSummary() {
    }

    record Stats(long ok, long ko, double p50, double p95, double p99, double max) {
    }

    public static void main(String[] args) throws IOException {
        Path gatlingResults = Path.of(args[0]);
        Map<String, String> facts = ApplicationsBenchmarkData.readFacts(Path.of(args[1]));
        Path output = Path.of(args[2]);
        Path run;
        try (Stream<Path> runs = Files.list(gatlingResults)) {
            run = runs.filter(p -> p.getFileName().toString().startsWith("applicationssubmissionsimulation"))
                    .max(Comparator.comparing(p -> p.getFileName().toString()))
                    .orElseThrow(() -> new IllegalStateException("no ApplicationsSubmissionSimulation run in " + gatlingResults));
        }
        Map<String, Stats> stats = statistics(Files.readString(run.resolve("index.html")));
        Stats submit = stats.get("submit");
        Stats workList = stats.get("work list");
        int seconds = Integer.parseInt(facts.get("seconds"));
        int rate = Integer.parseInt(facts.get("rate"));
        double throughput = (double) submit.ok() / seconds;
        long recorded = Long.parseLong(facts.get("eventsRecorded"));
        long expected = Long.parseLong(facts.get("eventsExpected"));
        long onKafka = Long.parseLong(facts.get("eventsOnKafka"));
        long unpublished = Long.parseLong(facts.get("eventsUnpublished"));
        boolean throughputMet = submit.ko() == 0 && throughput >= 300;
        boolean submitP99Met = submit.p99() <= 200;
        boolean eventsMet = unpublished == 0 && recorded == expected && onKafka == recorded;
        boolean workListMet = workList.ko() == 0 && workList.p99() <= 50;

        StringBuilder plans = new StringBuilder();
        facts.forEach((key, value) -> {
            if (key.startsWith("plan: ")) {
                plans.append("\n### ").append(key.substring(6)).append("\n\n```\n").append(value).append("\n```\n");
            }
        });

        String report = """
                # Applications: submissions through the gateway, and the clerk's work list with 1 M applications

                `benchmarks/run.sh applications` starts the local stack (PostgreSQL, Kafka, Keycloak,
                service-applications, gateway), seeds %s applications (two years of a municipality: 85 %% closed and
                erased, the rest open in every status, four services, two tenants), then drives it with Gatling through
                the gateway with real Keycloak tokens (one password grant per demo user before the load, renewed
                every 4 minutes in the background with the refresh token):

                1. **Submissions**, open model at %d per second for %d s, straight after %d s of warm-up
                   submissions while the JIT compiles (a quarter each: ramping up to half the rate, at half the rate,
                   ramping up to the full rate, at the full rate):
                   alternately a Meldebescheinigung (form validated against its JSON Schema, fee 10 EUR: status
                   AWAITING_PAYMENT, events ApplicationSubmitted and FeeDue) and a Hundesteuer-Anmeldung (no fee:
                   ApplicationSubmitted), by citizens Anna and Ben. Each is one transaction: form validation, fee,
                   application row, status history, timeline and the outbox events.
                2. **Work list** (after the submissions, a 20 s pause for the outbox to drain and 20 s of
                   work-list warm-up), open model at %d per second
                   for %d s: clerk Clara (bochum, `org_unit`
                   buergerbuero, %s open cases in her unit) cycles through the default view, `status=IN_REVIEW`,
                   `overdue=true`, `serviceType` + `dueBefore`, and the next page by cursor; every call also writes its
                   audit entry.

                - Date: %s
                - Machine: %d cores, %s; everything (stack, PostgreSQL, Gatling) on the same machine
                - JVM options of the service and the gateway: `%s`
                - The gateway's per-user and per-client rate limits were raised by environment variable
                  (`RATHAUS_RATE_LIMIT_PER_USER_*`, `RATHAUS_RATE_LIMIT_PER_CLIENT_*` = 1,000,000): two demo users
                  at 300 requests/s would otherwise be throttled, as intended in production
                - Seeding %s rows took %s s; Gatling run `%s`

                | Request | Target | OK | Failed | Throughput (req/s) | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) |
                |---|---|---:|---:|---:|---:|---:|---:|---:|
                | POST /api/v1/applications | ≥ 300/s, p99 ≤ 200 ms | %d | %d | %.1f | %.0f | %.0f | %.0f | %.0f |
                | GET …/backoffice/applications | p99 ≤ 50 ms | %d | %d | %.1f | %.0f | %.0f | %.0f | %.0f |

                Events (warm-up and measured submissions): %s applications created, %d events expected
                (one ApplicationSubmitted each, plus FeeDue for each with a fee), **%d recorded in the outbox, %d still
                unpublished after the drain, %d new records on `rathaus.applications.v1`**.

                ## Verdict

                - Submissions sustained at ≥ 300/s without failures: **%s** (%.1f/s)
                - Submission p99 ≤ 200 ms: **%s** (%.0f ms)
                - Every event published: **%s**
                - Work-list p99 ≤ 50 ms with %s applications in the table: **%s** (%.0f ms)

                Gatling measures whole milliseconds, end to end through the gateway (two JWT validations, proxy hop).
                The load generator, Keycloak, Kafka, PostgreSQL, the gateway and the service share two cores, so the
                figures are a lower bound for a deployment where they do not.

                ## Work-list query plans (`EXPLAIN (ANALYZE, BUFFERS)`, after the run)

                The work list is a keyset query ordered by `(coalesce(due_date, '9999-12-31'), id)` (cases without a
                due date last); the default view (every open case of the unit) reads the first rows in order from the
                partial index `application_worklist_open (tenant, org_unit, coalesce(due_date, …), id) WHERE status IN
                (open)`, a status filter from `application_worklist_status (tenant, org_unit, status, coalesce(due_date,
                …), id)`; no sort, no scan of the unit's other cases. Closed cases, 85 %% of the table, are not in the
                partial index at all.
                %s""".formatted(
                facts.get("rowsBefore"), rate, seconds, Integer.parseInt(facts.get("warmupSeconds")),
                Integer.parseInt(facts.get("workListRate")), seconds, facts.get("openInClarasUnit"),
                ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME),
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getRuntimeMXBean().getVmName() + " " + System.getProperty("java.version"),
                facts.get("javaOpts"), facts.get("rowsBefore"), facts.get("seedSeconds"), run.getFileName(),
                submit.ok(), submit.ko(), throughput, submit.p50(), submit.p95(), submit.p99(), submit.max(),
                workList.ok(), workList.ko(), (double) workList.ok() / seconds, workList.p50(), workList.p95(),
                workList.p99(), workList.max(),
                facts.get("applicationsCreated"), expected, recorded, unpublished, onKafka,
                throughputMet ? "met" : "missed", throughput,
                submitP99Met ? "met" : "missed", submit.p99(),
                eventsMet ? "met" : "missed",
                facts.get("rowsBefore"), workListMet ? "met" : "missed", workList.p99(),
                plans);
        Files.createDirectories(output.getParent());
        Files.writeString(output, report);
        System.out.println(report);
    }

    /** Per request: total, OK, KO, KO %, req/s, min, p50, p75, p95, p99, max, mean, standard deviation. */
    static Map<String, Stats> statistics(String html) {
        Map<String, Stats> byName = new LinkedHashMap<>();
        Matcher row = ROW.matcher(html);
        while (row.find()) {
            Map<Integer, String> cells = new LinkedHashMap<>();
            Matcher cell = CELL.matcher(row.group(2));
            while (cell.find()) {
                cells.put(Integer.parseInt(cell.group(1)), cell.group(2).trim());
            }
            byName.put(row.group(1), new Stats(Long.parseLong(cells.get(3)), Long.parseLong(cells.get(4)),
                    Double.parseDouble(cells.get(8)), Double.parseDouble(cells.get(10)), Double.parseDouble(cells.get(11)),
                    Double.parseDouble(cells.get(12))));
        }
        for (String name : new String[] {"submit", "work list"}) {
            if (!byName.containsKey(name)) {
                throw new IllegalStateException("no statistics for '" + name + "' in the Gatling report: " + byName.keySet());
            }
        }
        return byName;
    }

    private static final Pattern ROW = Pattern.compile(
            "<tr id=\"req_[^\"]*\" data-parent=\"ROOT\">.*?class=\"ellipsed-name\">([^<]+)</span>(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile("<td class=\"value [a-z]+ col-(\\d+)\">([^<]*)</td>");
}
