package de.rathaus.benchmarks;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import de.rathaus.infra.stack.Component;
import de.rathaus.infra.stack.LocalStack;
import de.rathaus.infra.stack.StackConfig;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;

/**
 * Throughput and latency of the same request (a citizen lists their applications: JWT validation, a tenant- and
 * owner-scoped query) sent straight to service-applications and through the gateway, in one run against the real
 * local stack. Two measurements, each direct then through the gateway:
 * <ul>
 * <li>throughput: a closed model with {@code users} concurrent users saturates the machine ({@code direct},
 * {@code gateway});</li>
 * <li>latency: an open model at a fixed {@code rate} below both capacities, so that the difference of the
 * percentiles is the gateway's own cost and not queueing in a saturated machine ({@code direct latency},
 * {@code gateway latency}).</li>
 * </ul>
 * {@link GatlingSummary} turns the Gatling statistics into {@code benchmarks/results/gateway-overhead.md}.
 *
 * <p>Settings (system properties): {@code users} (default 16), {@code rate} requests per second of the latency
 * measurement (default 100), {@code warmupSeconds} (default 15), {@code seconds} measured per target and
 * measurement (default 45). The gateway's rate limits are raised so that they do not cap what is measured.
 */
public class GatewayOverheadSimulation extends Simulation {

    static final int USERS = Integer.getInteger("users", 16);
    static final int RATE = Integer.getInteger("rate", 100);
    static final Duration WARMUP = Duration.ofSeconds(Integer.getInteger("warmupSeconds", 15));
    static final Duration MEASURE = Duration.ofSeconds(Integer.getInteger("seconds", 45));

    private final LocalStack stack = LocalStack.start(StackConfig.fromEnvironment()
            .databasePrefix("bench_")
            .resetDatabases(true)
            // a fresh broker of its own (.local/bench_kafka-data): events of an earlier run would keep the services busy
            .resetKafka(true)
            .env(Component.GATEWAY, "RATHAUS_RATE_LIMIT_PER_USER_CAPACITY", "1000000")
            .env(Component.GATEWAY, "RATHAUS_RATE_LIMIT_PER_USER_REFILL_PER_SECOND", "1000000")
            .env(Component.GATEWAY, "RATHAUS_RATE_LIMIT_PER_CLIENT_CAPACITY", "1000000")
            .env(Component.GATEWAY, "RATHAUS_RATE_LIMIT_PER_CLIENT_REFILL_PER_SECOND", "1000000")
            .build());

    private ScenarioBuilder target(String name, String baseUrl) {
        // a token lives 300 s and the run takes longer: Tokens.cached fetches a new one every 4 minutes
        return scenario(name)
                .exec(session -> session.contains("token") ? session
                        : session.set("token", Tokens.cached(stack.keycloakUrl(), "anna")))
                .exec(http(name)
                        .get(baseUrl + "/api/v1/applications")
                        .header("Authorization", "Bearer #{token}")
                        .check(status().is(200)));
    }

    {
        String direct = stack.serviceUrl("applications");
        String gateway = stack.gatewayUrl();
        // one application so the measured query returns a row
        Tokens.submitApplication(gateway, Tokens.cached(stack.keycloakUrl(), "anna"));

        HttpProtocolBuilder protocol = http.acceptHeader("application/json").shareConnections();
        setUp(target("warmup direct", direct).injectClosed(constantConcurrentUsers(USERS).during(WARMUP))
                .andThen(target("direct", direct).injectClosed(constantConcurrentUsers(USERS).during(MEASURE)))
                .andThen(target("warmup gateway", gateway).injectClosed(constantConcurrentUsers(USERS).during(WARMUP)))
                .andThen(target("gateway", gateway).injectClosed(constantConcurrentUsers(USERS).during(MEASURE)))
                .andThen(target("direct latency", direct).injectOpen(constantUsersPerSec(RATE).during(MEASURE)))
                .andThen(target("gateway latency", gateway).injectOpen(constantUsersPerSec(RATE).during(MEASURE))))
                .protocols(protocol);
    }

    @Override
    public void after() {
        stack.close();
    }
}
