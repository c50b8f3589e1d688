package de.rathaus.benchmarks;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
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
 * owner-scoped query) sent straight to service-applications and through the gateway, one after the other in one
 * run against the real local stack. {@link GatlingSummary} turns the Gatling statistics into
 * {@code benchmarks/results/gateway-overhead.md} with the ratios.
 *
 * <p>Settings (system properties): {@code users} concurrent virtual users (default 16), {@code warmupSeconds}
 * (default 15), {@code seconds} measured per target (default 45). The gateway's rate limits are raised for the
 * run so that they do not cap what is measured.
 */
public class GatewayOverheadSimulation extends Simulation {

    static final int USERS = Integer.getInteger("users", 16);
    static final Duration WARMUP = Duration.ofSeconds(Integer.getInteger("warmupSeconds", 15));
    static final Duration MEASURE = Duration.ofSeconds(Integer.getInteger("seconds", 45));

    private final LocalStack stack = LocalStack.start(StackConfig.fromEnvironment()
            .databasePrefix("bench_")
            .resetDatabases(true)
            .env(Component.GATEWAY, "RATHAUS_RATE_LIMIT_PER_USER_CAPACITY", "1000000")
            .env(Component.GATEWAY, "RATHAUS_RATE_LIMIT_PER_USER_REFILL_PER_SECOND", "1000000")
            .env(Component.GATEWAY, "RATHAUS_RATE_LIMIT_PER_CLIENT_CAPACITY", "1000000")
            .env(Component.GATEWAY, "RATHAUS_RATE_LIMIT_PER_CLIENT_REFILL_PER_SECOND", "1000000")
            .build());
    // a token lives 300 s; the run takes about 2 * (WARMUP + MEASURE)
    private final String token = Tokens.password(stack.keycloakUrl(), "anna");

    private ScenarioBuilder target(String name, String baseUrl) {
        return scenario(name).exec(http(name)
                .get(baseUrl + "/api/v1/applications")
                .header("Authorization", "Bearer " + token)
                .check(status().is(200)));
    }

    {
        String direct = stack.serviceUrl("applications");
        String gateway = stack.gatewayUrl();
        // one application so the measured query returns a row
        Tokens.submitApplication(gateway, token);

        HttpProtocolBuilder protocol = http.acceptHeader("application/json").shareConnections();
        setUp(target("warmup direct", direct).injectClosed(constantConcurrentUsers(USERS).during(WARMUP))
                .andThen(target("direct", direct).injectClosed(constantConcurrentUsers(USERS).during(MEASURE)))
                .andThen(target("warmup gateway", gateway).injectClosed(constantConcurrentUsers(USERS).during(WARMUP)))
                .andThen(target("gateway", gateway).injectClosed(constantConcurrentUsers(USERS).during(MEASURE))))
                .protocols(protocol);
    }

    @Override
    public void after() {
        stack.close();
    }
}
