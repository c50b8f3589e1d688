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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the statistics of the newest {@link GatewayOverheadSimulation} run (Gatling's {@code js/stats.json}) and
 * writes {@code benchmarks/results/gateway-overhead.md}: throughput, p50 and p99 of the direct and the gateway
 * requests, their ratio and difference, and whether the targets hold (gateway keeps at least 50 % of direct
 * throughput and adds at most 5 ms at p99).
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
        JsonNode contents = JsonMapper.builder().build().readTree(run.resolve("js/stats.json").toFile()).get("contents");
        Map<String, Stats> byName = new LinkedHashMap<>();
        contents.forEach(request -> {
            JsonNode stats = request.get("stats");
            long ok = stats.get("numberOfRequests").get("ok").asLong();
            byName.put(stats.get("name").asText(), new Stats(ok, stats.get("numberOfRequests").get("ko").asLong(),
                    number(stats.get("percentiles1").get("ok")), number(stats.get("percentiles4").get("ok")),
                    (double) ok / seconds));
        });
        Stats direct = byName.get("direct");
        Stats gateway = byName.get("gateway");
        double throughputRatio = gateway.throughput() / direct.throughput();
        double addedP99 = gateway.p99() - direct.p99();
        double addedP50 = gateway.p50() - direct.p50();

        String report = """
                # Gateway overhead

                Same request (`GET /api/v1/applications` as citizen Anna: JWT validation, tenant- and owner-scoped
                query) straight to service-applications and through the gateway (JWT validation, rate limit,
                correlation, routing, then the service validates again), one after the other in one Gatling run
                against the real local stack (`benchmarks/run.sh gateway`).

                - Date: %s
                - Machine: %d cores, %s
                - JVM options of the services and the gateway: `%s`
                - Load: %d concurrent users (closed model), %d s warm-up then %d s measured per target
                - Gatling run: `%s`

                | Target | Requests OK | Failed | Throughput (req/s) | p50 (ms) | p99 (ms) |
                |---|---:|---:|---:|---:|---:|
                | direct | %d | %d | %.1f | %.0f | %.0f |
                | gateway | %d | %d | %.1f | %.0f | %.0f |

                **Ratio gateway/direct throughput: %.2f** (target ≥ 0.50: %s)
                **p99 added by the gateway: %.0f ms** (target ≤ 5 ms: %s); p50 added: %.0f ms

                Gatling measures whole milliseconds. Gatling, the stack (Kafka, Keycloak, four services, gateway)
                and PostgreSQL share the same 2 cores, so the gateway competes for CPU with the service it forwards to.
                """.formatted(
                ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME),
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getRuntimeMXBean().getVmName() + " " + System.getProperty("java.version"),
                jvmOptions, users, Integer.getInteger("warmupSeconds", 15), seconds, run.getFileName(),
                direct.ok(), direct.ko(), direct.throughput(), direct.p50(), direct.p99(),
                gateway.ok(), gateway.ko(), gateway.throughput(), gateway.p50(), gateway.p99(),
                throughputRatio, throughputRatio >= 0.5 ? "met" : "**missed**",
                addedP99, addedP99 <= 5 ? "met" : "**missed**", addedP50);
        Files.createDirectories(output.getParent());
        Files.writeString(output, report);
        System.out.println(report);
    }

    private static double number(JsonNode value) {
        return value.isNumber() ? value.asDouble() : Double.parseDouble(value.asText());
    }
}
