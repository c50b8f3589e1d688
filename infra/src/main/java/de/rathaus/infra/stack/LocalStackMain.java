package de.rathaus.infra.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Command line entry point of the local stack (run by {@code infra/local-stack.sh}).
 *
 * <pre>
 * LocalStackMain                      start everything, print URLs and demo logins, run until Ctrl-C
 * LocalStackMain --measure FILE       start everything, write start-up times and memory as Markdown to FILE, stop
 * LocalStackMain --components a,b     only these components (postgres, kafka, keycloak, applications, ...)
 * </pre>
 *
 * Settings come from system properties and environment variables, see {@link StackConfig.Keys} and infra/README.md.
 */
public final class LocalStackMain {

    private static final PrintStream OUT = System.out;
    private static final Duration SETTLE_BEFORE_MEASURING = Duration.ofSeconds(5);

    private LocalStackMain() {
    }

    public static void main(String[] args) {
        Path measureFile = null;
        StackConfig.Builder builder;
        StackConfig config;
        try {
            builder = StackConfig.fromEnvironment();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--measure" -> measureFile = Path.of(requireValue(args, ++i, "--measure"));
                    case "--components" -> builder.components(Arrays.stream(requireValue(args, ++i, "--components")
                            .split(",")).filter(s -> !s.isBlank()).map(Component::parse).toArray(Component[]::new));
                    case "-h", "--help" -> {
                        usage(OUT);
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                }
            }
            config = builder.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("local-stack: " + e.getMessage());
            usage(System.err);
            System.exit(2);
            return;
        }
        int exitCode = measureFile != null ? measure(config, measureFile) : runInteractively(config);
        System.exit(exitCode);
    }

    private static String requireValue(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static void usage(PrintStream out) {
        out.println("""
                usage: infra/local-stack.sh [--components LIST] [--measure FILE]

                  (no option)        start the whole suite, print URLs and demo logins, run until Ctrl-C
                  --components LIST  start only these, comma-separated: postgres, kafka, keycloak, applications,
                                     appointments, payments, notifications, gateway
                  --measure FILE     start, write start-up times and memory (Markdown) to FILE, then stop

                Ports, memory and paths are set with RATHAUS_* environment variables (see infra/README.md).""");
    }

    // ------------------------------------------------------------------ interactive

    private static int runInteractively(StackConfig config) {
        ConsoleProgress progress = new ConsoleProgress(config);
        LocalStack stack;
        try {
            stack = progress.start();
        } catch (StackException e) {
            System.err.println();
            System.err.println("Start failed, everything started so far was stopped.");
            System.err.println(e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            OUT.println();
            OUT.println("Stopping the local stack ...");
            stack.close();
            OUT.println("Stopped. Databases and Kafka topics are kept (" + config.localDir() + ").");
        }, "local-stack-main-shutdown"));
        printWelcome(stack);
        watch(stack);
        return 0;
    }

    /** Blocks until the JVM is stopped (Ctrl-C), reporting processes that die meanwhile. */
    private static void watch(LocalStack stack) {
        Set<String> reported = new HashSet<>();
        while (true) {
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            stack.unexpectedExits().forEach((component, code) -> {
                if (reported.add(component)) {
                    System.err.println("WARNING: " + component + " exited with code " + code + "; see "
                            + stack.logFile(component));
                }
            });
        }
    }

    private static void printWelcome(LocalStack stack) {
        StackConfig config = stack.config();
        StringBuilder text = new StringBuilder();
        text.append(System.lineSeparator()).append("Digitales Rathaus is up after ")
                .append(seconds(stack.totalStartupTime())).append(" s.").append(System.lineSeparator())
                .append(System.lineSeparator());
        if (config.includes(Component.GATEWAY)) {
            line(text, "Gateway", stack.gatewayUrl());
            line(text, "Swagger UI", stack.gatewayUrl() + "/swagger-ui.html");
        }
        for (Component component : config.components()) {
            if (component.isBootApp() && component != Component.GATEWAY) {
                line(text, "Service " + component.id(), stack.serviceUrl(component.id()));
            }
        }
        if (config.includes(Component.KEYCLOAK)) {
            line(text, "Keycloak admin", stack.keycloakUrl() + "/admin/  (user " + KeycloakServer.BOOTSTRAP_ADMIN_USER
                    + ", password " + KeycloakServer.BOOTSTRAP_ADMIN_PASSWORD + ")");
            line(text, "Issuer", stack.issuerUri());
        }
        if (config.includes(Component.KAFKA)) {
            line(text, "Kafka", stack.kafkaBootstrap());
        }
        if (config.includes(Component.MAIL)) {
            line(text, "Mail (GreenMail)", "SMTP 127.0.0.1:" + config.smtpPort() + ", read at " + config.mailApiUrl());
        }
        if (config.includes(Component.POSTGRES)) {
            for (Component component : Component.values()) {
                if (component.hasDatabase()) {
                    line(text, "Database " + component.id(), stack.database(component.id()).jdbcUrl()
                            + "  (user = password = database name)");
                }
            }
        }
        line(text, "Logs", config.logDir().toString());
        if (config.includes(Component.KEYCLOAK)) {
            text.append(System.lineSeparator())
                    .append("Demo logins (realm ").append(KeycloakServer.REALM).append(", password \"demo\"):")
                    .append(System.lineSeparator())
                    .append("  anna, ben   citizen, tenant bochum").append(System.lineSeparator())
                    .append("  sophie      citizen, tenant soest").append(System.lineSeparator())
                    .append("  clara       clerk,   tenant bochum").append(System.lineSeparator())
                    .append("  sven        clerk,   tenant soest").append(System.lineSeparator())
                    .append("  admin       admin,   tenant bochum").append(System.lineSeparator())
                    .append(System.lineSeparator())
                    .append("Get an access token (rathaus-cli is a development-only client):")
                    .append(System.lineSeparator())
                    .append("  TOKEN=$(curl -s -d grant_type=password -d client_id=rathaus-cli -d username=anna"
                            + " -d password=demo \\").append(System.lineSeparator())
                    .append("    ").append(stack.tokenUrl())
                    .append(" | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')")
                    .append(System.lineSeparator());
            if (config.includes(Component.GATEWAY)) {
                text.append("  curl -H \"Authorization: Bearer $TOKEN\" ").append(stack.gatewayUrl())
                        .append("/api/...").append(System.lineSeparator());
            }
        }
        text.append(System.lineSeparator()).append("Press Ctrl-C to stop.");
        OUT.println(text);
    }

    private static void line(StringBuilder text, String label, String value) {
        text.append(String.format(Locale.ROOT, "  %-22s %s%n", label, value));
    }

    // ------------------------------------------------------------------ measurement

    private static int measure(StackConfig config, Path file) {
        ConsoleProgress progress = new ConsoleProgress(config);
        try (LocalStack stack = progress.start()) {
            OUT.println("All ready after " + seconds(stack.totalStartupTime()) + " s; sampling memory in "
                    + SETTLE_BEFORE_MEASURING.toSeconds() + " s ...");
            Thread.sleep(SETTLE_BEFORE_MEASURING.toMillis());
            String report = report(stack);
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, report, StandardCharsets.UTF_8);
            OUT.println();
            OUT.println(report);
            OUT.println("Written to " + file.toAbsolutePath() + ". Stopping ...");
            return 0;
        } catch (StackException e) {
            System.err.println();
            System.err.println("Start failed, everything started so far was stopped.");
            System.err.println(e.getMessage());
            return 1;
        } catch (IOException e) {
            System.err.println("Cannot write " + file + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    static String report(LocalStack stack) {
        StackConfig config = stack.config();
        Map<Component, Duration> times = stack.startupTimes();
        Map<String, Long> rss = stack.rssKib();
        Map<String, Long> pids = stack.pids();
        String nl = System.lineSeparator();
        StringBuilder md = new StringBuilder();
        md.append("# Local stack: start-up time and memory").append(nl).append(nl);
        md.append("- Date: ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append(nl);
        md.append("- Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(memTotal()).append(", ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.version")).append(' ').append(System.getProperty("os.arch")).append(nl);
        md.append("- JDK: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append(" (").append(config.javaHome()).append(')');
        if (!config.keycloakJavaHome().equals(config.javaHome())) {
            md.append("; Keycloak on ").append(config.keycloakJavaHome());
        }
        md.append(nl);
        md.append("- Settings: services and gateway `-Xmx").append(config.serviceXmx()).append(' ')
                .append(config.serviceJavaOpts()).append("`, Kafka `-Xmx").append(config.kafkaXmx())
                .append("`, Keycloak `").append(config.keycloakHeap()).append('`').append(nl);
        md.append("- Start order: the Postgres databases first, then Kafka, Keycloak, the services and the gateway all"
                + " in parallel. Start to ready = from launching a component to its readiness check passing.").append(nl);
        md.append("- RSS: VmRSS from /proc/<pid>/status, summed over the process and its children, sampled ")
                .append(SETTLE_BEFORE_MEASURING.toSeconds()).append(" s after the whole stack was ready.")
                .append(nl).append(nl);
        md.append("| Component | Start to ready (s) | RSS (MiB) | PID |").append(nl);
        md.append("|---|---:|---:|---:|").append(nl);
        long totalRss = 0;
        for (Component component : config.components()) {
            Duration time = times.get(component);
            Long kib = rss.get(component.id());
            String memory;
            if (component == Component.POSTGRES) {
                memory = "n/a (shared server)";
            } else if (kib == null) {
                memory = "not running";
            } else {
                memory = mib(kib);
                totalRss += kib;
            }
            Long pid = pids.get(component.id());
            md.append("| ").append(component.id()).append(" | ").append(time == null ? "-" : seconds(time))
                    .append(" | ").append(memory).append(" | ").append(pid == null ? "-" : pid.toString())
                    .append(" |").append(nl);
        }
        md.append("| **total** | **").append(seconds(stack.totalStartupTime())).append("** (wall clock) | **")
                .append(mib(totalRss)).append("** | |").append(nl).append(nl);
        md.append("PostgreSQL is the machine's shared server (started if needed, never stopped by the stack); its"
                + " memory is not part of the total.").append(nl).append(nl);
        double totalSeconds = stack.totalStartupTime().toMillis() / 1000.0;
        double totalGib = totalRss / 1024.0 / 1024.0;
        md.append(String.format(Locale.ROOT, "Targets: ready within %d s: **%s** (%.1f s); at most %d GiB RSS in total: **%s** (%.2f GiB).",
                READY_TARGET_SECONDS, totalSeconds <= READY_TARGET_SECONDS ? "met" : "missed", totalSeconds,
                RSS_TARGET_GIB, totalGib <= RSS_TARGET_GIB ? "met" : "missed", totalGib)).append(nl);
        return md.toString();
    }

    /** The foundation issue's targets for the whole stack on a 2-core machine. */
    private static final int READY_TARGET_SECONDS = 90;
    private static final int RSS_TARGET_GIB = 3;

    private static String memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kib = Long.parseLong(line.substring(9).trim().split("\\s+")[0]);
                    return String.format(Locale.ROOT, "%.1f GiB RAM", kib / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc/meminfo: leave the memory out
        }
        return "unknown RAM";
    }

    private static String mib(long kib) {
        return String.format(Locale.ROOT, "%.0f", kib / 1024.0);
    }

    static String seconds(Duration duration) {
        return duration == null ? "-" : String.format(Locale.ROOT, "%.1f", duration.toMillis() / 1000.0);
    }

    // ------------------------------------------------------------------ progress output

    /** Prints a line per component event, with the seconds since the start, and who is still awaited. */
    private static final class ConsoleProgress implements LocalStack.Listener {
        private static final Duration TICK = Duration.ofSeconds(15);

        private final StackConfig config;
        private final Set<Component> pending = new LinkedHashSet<>();
        private long begin;

        ConsoleProgress(StackConfig config) {
            this.config = config;
        }

        LocalStack start() {
            OUT.println("Starting the Digitales Rathaus local stack: " + config.components().stream()
                    .map(Component::id).collect(Collectors.joining(", ")));
            OUT.println("Logs: " + config.logDir());
            begin = System.nanoTime();
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "local-stack-progress");
                thread.setDaemon(true);
                return thread;
            });
            ticker.scheduleAtFixedRate(this::tick, TICK.toSeconds(), TICK.toSeconds(), TimeUnit.SECONDS);
            try {
                return LocalStack.start(config, this);
            } finally {
                ticker.shutdownNow();
            }
        }

        private synchronized void tick() {
            if (!pending.isEmpty()) {
                print("waiting for " + pending.stream().map(Component::id).collect(Collectors.joining(", ")));
            }
        }

        @Override
        public synchronized void starting(Component component) {
            pending.add(component);
            print(String.format(Locale.ROOT, "%-14s starting", component.id()));
        }

        @Override
        public synchronized void ready(Component component, Duration startup) {
            pending.remove(component);
            print(String.format(Locale.ROOT, "%-14s ready after %s s", component.id(), seconds(startup)));
        }

        @Override
        public synchronized void failed(Component component, String message) {
            pending.remove(component);
            print(String.format(Locale.ROOT, "%-14s FAILED", component.id()));
        }

        @Override
        public synchronized void stopping(Component component) {
            pending.remove(component);
            print(String.format(Locale.ROOT, "%-14s stopping", component.id()));
        }

        private void print(String message) {
            double elapsed = (System.nanoTime() - begin) / 1e9;
            OUT.println(String.format(Locale.ROOT, "[%6.1fs] %s", elapsed, message));
        }
    }
}
