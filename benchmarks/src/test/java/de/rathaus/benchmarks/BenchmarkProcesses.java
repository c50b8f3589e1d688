package de.rathaus.benchmarks;

import de.rathaus.testsupport.LocalPostgres;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the harnesses that start a service jar in its own JVM share: starting it, readiness, the CPU's name. */
final class BenchmarkProcesses {

    private BenchmarkProcesses() {
    }

    /** A free loopback port for the service. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * Starts a service jar in its own JVM (same JDK as the harness) on {@code port}, wired to its database, the broker
     * and the token issuer, logging at WARN into {@code log}; {@code settings} are further {@code --name=value}
     * arguments of the benchmark.
     */
    static Process startService(Path jar, List<String> jvmOptions, int port, LocalPostgres.Database db, String kafkaBootstrap,
                                String issuer, Path log, String... settings) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaBin());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(),
                // the benchmarks run a developer machine's service: demo secrets and simulators of the local profile
                "--spring.profiles.active=local",
                "--server.port=" + port,
                "--spring.datasource.url=" + db.jdbcUrl(),
                "--spring.datasource.username=" + db.username(),
                "--spring.datasource.password=" + db.password(),
                "--spring.kafka.bootstrap-servers=" + kafkaBootstrap,
                "--rathaus.security.issuer-uri=" + issuer,
                "--logging.level.root=WARN"));
        command.addAll(List.of(settings));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The java binary of the JVM running the harness, so the service runs on the same JDK. */
    static String javaBin() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }

    /**
     * Polls the service's readiness probe until it answers 200; fails with the service's log if the process exits or
     * is not ready within {@code timeout}. (A harness outside the test framework: no Awaitility here.)
     */
    static void awaitReady(HttpClient http, String base, Process service, Path log, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new IllegalStateException("service exited:\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        throw new IllegalStateException("service not ready:\n" + Files.readString(log));
    }

    /** The CPU model for the result file. */
    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }
}
