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
import java.util.stream.Stream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the statistics of the newest {@link GatewayOverheadSimulation} run (the statistics table of Gatling's
 * HTML report) and writes the results file: throughput, p50 and p99 of the direct and the gateway requests, their
 * ratio and difference, and whether the targets hold (gateway keeps at least 50 % of direct throughput and adds at
 * most 5 ms at p99).
 *
 * <p>Arguments: the Gatling results folder, the results file, the measured seconds per target, the number
 * of concurrent users and (optionally) the JVM options the services and the gateway ran with.
 */
public final class GatlingSummary {

    private GatlingSummary() {
    }

    record Stats(long ok, long ko, double p50, double p99, double throughput) {
    }

    public static void main(String[] args) throws IOException {
        Path gatlingResults = Path.of(args[0]);
        Path output = Path.of(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int users = Integer.parseInt(args[3]);
        String jvmOptions = args.length > 4 ? args[4] : "(launcher defaults)";
        Path run;
        try (Stream<Path> runs = Files.list(gatlingResults)) {
            run = runs.filter(p -> p.getFileName().toString().startsWith("gatewayoverheadsimulation"))
                    .max(Comparator.comparing(p -> p.getFileName().toString()))
                    .orElseThrow(() -> new IllegalStateException("no GatewayOverheadSimulation run in " + gatlingResults));
        }
        Map<String, Stats> byName = statistics(Files.readString(run.resolve("index.html")), seconds);
        Stats direct = byName.get("direct");
        Stats gateway = byName.get("gateway");
        Stats directLatency = byName.get("direct latency");
        Stats gatewayLatency = byName.get("gateway latency");
        double throughputRatio = gateway.throughput() / direct.throughput();
        double addedP99 = gatewayLatency.p99() - directLatency.p99();
        double addedP50 = gatewayLatency.p50() - directLatency.p50();
        int rate = Integer.getInteger("rate", 100);

        String report = """
                # Gateway overhead

                Same request (`GET /api/v1/applications` as citizen Anna: JWT validation, tenant- and owner-scoped
                query) straight to service-applications and through the gateway (JWT validation, rate limit,
                correlation, routing, then the service validates again), in one Gatling run against the real local
                stack (`benchmarks/run.sh gateway`). Throughput is measured with a closed model that saturates the
                machine; latency with an open model at %d requests/s, below both capacities, so that the difference
                is the gateway's own cost rather than queueing.

                - Date: %s
                - Machine: %d cores, %s
                - JVM options of the services and the gateway: `%s`
                - Throughput: %d concurrent users; latency: %d requests/s; %d s warm-up, then %d s per measurement
                - Gatling run: `%s`

                | Measurement | Target | Requests OK | Failed | Throughput (req/s) | p50 (ms) | p99 (ms) |
                |---|---|---:|---:|---:|---:|---:|
                | throughput | direct | %d | %d | %.1f | %.0f | %.0f |
                | throughput | gateway | %d | %d | %.1f | %.0f | %.0f |
                | latency | direct | %d | %d | %.1f | %.0f | %.0f |
                | latency | gateway | %d | %d | %.1f | %.0f | %.0f |

                - **Throughput gateway/direct: %.2f** (target ≥ 0.50: %s)
                - **p99 added by the gateway at %d req/s: %.0f ms** (target ≤ 5 ms: %s); p50 added: %.0f ms

                Gatling measures whole milliseconds. Gatling, the stack (Kafka, Keycloak, four services, gateway)
                and PostgreSQL share the same 2 cores: through the gateway, every request costs the CPU of two
                HTTP servers, two JWT validations and a proxy hop on the same two cores that serve the direct call,
                so the throughput ratio is a lower bound for a deployment where the gateway has its own cores.
                """.formatted(rate,
                ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME),
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getRuntimeMXBean().getVmName() + " " + System.getProperty("java.version"),
                jvmOptions, users, rate, Integer.getInteger("warmupSeconds", 15), seconds, run.getFileName(),
                direct.ok(), direct.ko(), direct.throughput(), direct.p50(), direct.p99(),
                gateway.ok(), gateway.ko(), gateway.throughput(), gateway.p50(), gateway.p99(),
                directLatency.ok(), directLatency.ko(), directLatency.throughput(), directLatency.p50(), directLatency.p99(),
                gatewayLatency.ok(), gatewayLatency.ko(), gatewayLatency.throughput(), gatewayLatency.p50(), gatewayLatency.p99(),
                throughputRatio, throughputRatio >= 0.5 ? "met" : "**missed**",
                rate, addedP99, addedP99 <= 5 ? "met" : "**missed**", addedP50);
        Files.createDirectories(output.getParent());
        Files.writeString(output, report);
        System.out.println(report);
    }

    /**
     * The statistics table of Gatling's HTML report (Gatling 3.15 writes no JSON statistics): per request the
     * columns total, OK, KO, KO %, req/s, min, p50, p75, p95, p99, max, mean, standard deviation.
     */
    static Map<String, Stats> statistics(String html, int seconds) {
        Map<String, Stats> byName = new LinkedHashMap<>();
        Matcher row = ROW.matcher(html);
        while (row.find()) {
            Map<Integer, String> cells = new LinkedHashMap<>();
            Matcher cell = CELL.matcher(row.group(2));
            while (cell.find()) {
                cells.put(Integer.parseInt(cell.group(1)), cell.group(2).trim());
            }
            long ok = Long.parseLong(cells.get(3));
            byName.put(row.group(1), new Stats(ok, Long.parseLong(cells.get(4)), Double.parseDouble(cells.get(8)),
                    Double.parseDouble(cells.get(11)), (double) ok / seconds));
        }
        for (String name : new String[] {"direct", "gateway", "direct latency", "gateway latency"}) {
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
