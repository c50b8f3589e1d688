package de.rathaus.infra.stack;

import de.rathaus.testsupport.LocalPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** A Spring Boot service or the gateway, started from its module's fat jar. */
final class BootApp {

    private final StackConfig config;
    private final Component component;
    private ManagedProcess process;

    BootApp(StackConfig config, Component component) {
        if (!component.isBootApp()) {
            throw new IllegalArgumentException(component + " is no Boot app");
        }
        this.config = config;
        this.component = component;
    }

    static Path jar(StackConfig config, Component component) {
        String module = component.module();
        return config.repoRoot().resolve(module).resolve("target")
                .resolve(module + "-" + BuildInfo.projectVersion() + ".jar");
    }

    /** Fails early, before anything starts, if the jar is missing. */
    void checkPrerequisites() {
        Path jar = jar(config, component);
        if (!Files.isRegularFile(jar)) {
            throw new StackException(component.id(), "jar " + jar + " is missing: build it with ./mvnw -pl "
                    + component.module() + " -am package -DskipTests (infra/local-stack.sh builds everything), or"
                    + " leave the component out (" + StackConfig.Keys.COMPONENTS + ")");
        }
        Launchers.requireJava(component.id(), config.javaHome());
    }

    synchronized ManagedProcess process() {
        return process;
    }

    /**
     * Starts the app and waits for its readiness endpoint.
     *
     * @param database the service's database, {@code null} for the gateway
     */
    synchronized void start(LocalPostgres.Database database, BooleanSupplier aborted) {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = new ArrayList<>();
        command.add(Launchers.java(config.javaHome()));
        command.add("-Xmx" + config.serviceXmx());
        Arrays.stream(config.serviceJavaOpts().trim().split("\\s+")).filter(s -> !s.isEmpty()).forEach(command::add);
        if (component == Component.GATEWAY && !config.serviceJavaOpts().contains("-Dreactor.netty.native=")) {
            // NIO instead of the native transport (spring-cloud-gateway issue 4209); the gateway benchmark
            // compares both by passing -Dreactor.netty.native=true in RATHAUS_SERVICE_JAVA_OPTS
            command.add("-Dreactor.netty.native=false");
        }
        command.add("-jar");
        command.add(jar(config, component).toString());

        int port = config.port(component);
        process = ManagedProcess.start(component.id(), command,
                Launchers.environment(config, component, environment(database)),
                config.repoRoot().resolve(component.module()), config.logDir().resolve(component.id() + ".log"),
                false, Launchers.pidDir(config));
        String readiness = "http://localhost:" + port + "/actuator/health/readiness";
        Readiness.await(process, config.startupTimeout(), aborted, readiness, () -> Readiness.httpOk(readiness));
    }

    synchronized void stop() {
        if (process != null) {
            process.stop(config.stopTimeout());
            process = null;
        }
    }

    /** The environment variables the stack passes to the app. */
    Map<String, String> environment(LocalPostgres.Database database) {
        Map<String, String> env = new LinkedHashMap<>();
        // development secrets, simulators and demo settings exist only in the local profile (application-local.yml)
        env.put("SPRING_PROFILES_ACTIVE", "local");
        env.put("SERVER_PORT", Integer.toString(config.port(component)));
        if (component.hasDatabase()) {
            if (database == null) {
                throw new StackException(component.id(), "needs its database, but postgres is not part of the stack");
            }
            env.put("SPRING_DATASOURCE_URL", database.jdbcUrl());
            env.put("SPRING_DATASOURCE_USERNAME", database.username());
            env.put("SPRING_DATASOURCE_PASSWORD", database.password());
        }
        if (component != Component.GATEWAY) {
            env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", config.kafkaBootstrap());
        }
        env.put("RATHAUS_SECURITY_ISSUER_URI", config.issuerUri());
        env.put("RATHAUS_SECURITY_JWK_SET_URI", config.jwkSetUri());
        if (component == Component.NOTIFICATIONS) {
            env.put("RATHAUS_NOTIFICATIONS_CONTACTS_KEYCLOAK_SERVER_URL", config.keycloakUrl());
            env.put("RATHAUS_NOTIFICATIONS_CONTACTS_APPOINTMENTS_URL", config.serviceUrl(Component.APPOINTMENTS));
            env.put("SPRING_MAIL_HOST", "127.0.0.1");
            env.put("SPRING_MAIL_PORT", Integer.toString(config.smtpPort()));
        }
        if (component == Component.PAYMENTS) {
            // browsers reach the simulated provider's hosted checkout page through the gateway's public folder
            env.put("RATHAUS_PAYMENTS_SIMULATOR_PUBLIC_URL",
                    config.serviceUrl(Component.GATEWAY) + "/api/v1/payments/public/simulator");
        }
        if (component == Component.GATEWAY) {
            for (Component service : Component.values()) {
                if (service.isService()) {
                    env.put("RATHAUS_ROUTES_" + service.name() + "_URI", config.serviceUrl(service));
                }
            }
        }
        return env;
    }
}
