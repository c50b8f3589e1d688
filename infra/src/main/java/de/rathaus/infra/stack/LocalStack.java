package de.rathaus.infra.stack;

import de.rathaus.testsupport.LocalPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * The whole suite as local processes: PostgreSQL databases (via {@link LocalPostgres}), a Kafka broker, Keycloak,
 * the four services and the gateway.
 *
 * <pre>{@code
 * try (LocalStack stack = LocalStack.start(StackConfig.fromEnvironment().databasePrefix("e2e_")
 *         .resetDatabases(true).build())) {
 *     String gateway = stack.gatewayUrl();
 *     stack.stopKafka();
 *     ...
 *     stack.startKafka();
 * }
 * }</pre>
 *
 * Start order: Postgres, Kafka and Keycloak in parallel; then the services in parallel; then the gateway. If a
 * component fails to get ready, everything started so far is stopped and a {@link StackException} carrying the
 * tail of that component's log is thrown. A JVM shutdown hook stops the processes should {@link #close()} not be
 * called.
 */
public final class LocalStack implements AutoCloseable {

    /** Progress callbacks, e.g. for console output; called from several threads. */
    public interface Listener {
        Listener NONE = new Listener() {
        };

        default void starting(Component component) {
        }

        default void ready(Component component, Duration startup) {
        }

        default void failed(Component component, String message) {
        }

        default void stopping(Component component) {
        }
    }

    private static final Duration CLOSE_WAIT_FOR_STARTUP = Duration.ofSeconds(60);

    private final StackConfig config;
    private final Listener listener;
    private final AtomicBoolean aborted = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch closeDone = new CountDownLatch(1);
    private final ExecutorService executor;
    private final KafkaBroker kafka;
    private final KeycloakServer keycloak;
    private final MailServer mail;
    private final Map<Component, BootApp> apps = new EnumMap<>(Component.class);
    private final Map<Component, LocalPostgres.Database> databases = Collections.synchronizedMap(
            new EnumMap<>(Component.class));
    private final Map<Component, Duration> startupTimes = Collections.synchronizedMap(new EnumMap<>(Component.class));
    private final Thread shutdownHook;
    private volatile Duration totalStartupTime;

    private LocalStack(StackConfig config, Listener listener) {
        this.config = config;
        this.listener = listener;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "local-stack-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.kafka = new KafkaBroker(config);
        this.keycloak = new KeycloakServer(config);
        this.mail = new MailServer(config);
        for (Component component : config.components()) {
            if (component.isBootApp()) {
                apps.put(component, new BootApp(config, component));
            }
        }
        this.shutdownHook = new Thread(this::close, "local-stack-shutdown");
    }

    /** Starts the configured components and waits until all are ready. */
    public static LocalStack start(StackConfig config) {
        return start(config, Listener.NONE);
    }

    /** Starts the configured components, reporting progress to {@code listener}, and waits until all are ready. */
    public static LocalStack start(StackConfig config, Listener listener) {
        LocalStack stack = new LocalStack(config, listener);
        try {
            Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
            stack.startAll();
            return stack;
        } catch (RuntimeException | Error e) {
            stack.close();
            throw e;
        }
    }

    // ------------------------------------------------------------------ accessors

    public StackConfig config() {
        return config;
    }

    /** e.g. {@code http://localhost:8080} */
    public String gatewayUrl() {
        return config.serviceUrl(Component.GATEWAY);
    }

    /** e.g. {@code http://localhost:8180} */
    public String keycloakUrl() {
        return config.keycloakUrl();
    }

    /** e.g. {@code http://localhost:8180/realms/rathaus} */
    public String issuerUri() {
        return config.issuerUri();
    }

    /** e.g. {@code http://localhost:8180/realms/rathaus/protocol/openid-connect/token} */
    public String tokenUrl() {
        return config.issuerUri() + "/protocol/openid-connect/token";
    }

    /** e.g. {@code 127.0.0.1:9092} */
    public String kafkaBootstrap() {
        return config.kafkaBootstrap();
    }

    /** Base URL of a service or the gateway, by id ({@code applications}) or module ({@code service-applications}). */
    public String serviceUrl(String name) {
        Component component = Component.parse(name);
        if (!component.isBootApp()) {
            throw new IllegalArgumentException(name + " is no service");
        }
        return config.serviceUrl(component);
    }

    /** Database of a service, by id ({@code applications}) or module; available once Postgres is ready. */
    public LocalPostgres.Database database(String name) {
        Component component = Component.parse(name);
        LocalPostgres.Database database = databases.get(component);
        if (database == null) {
            throw new IllegalStateException("no database for " + name + " (postgres "
                    + (config.includes(Component.POSTGRES) ? "not ready" : "not part of the stack") + ")");
        }
        return database;
    }

    /** Log file of a component. */
    public Path logFile(String name) {
        return config.logDir().resolve(Component.parse(name).id() + ".log");
    }

    /** Process id of each running process of the stack, by component id, in start order. */
    public Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        processes().forEach((component, process) -> {
            if (process.isAlive()) {
                pids.put(component.id(), process.pid());
            }
        });
        return pids;
    }

    /** Resident memory in KiB of each running process including its child processes, by component id. */
    public Map<String, Long> rssKib() {
        Map<String, Long> rss = new LinkedHashMap<>();
        processes().forEach((component, process) -> {
            if (process.isAlive()) {
                rss.put(component.id(), process.rssKib());
            }
        });
        return rss;
    }

    /** Exit codes of processes that ended although nobody stopped them, by component id. */
    public Map<String, Integer> unexpectedExits() {
        Map<String, Integer> exits = new LinkedHashMap<>();
        processes().forEach((component, process) ->
                process.unexpectedExit().ifPresent(code -> exits.put(component.id(), code)));
        return exits;
    }

    /** Time from starting each component to its readiness. */
    public Map<Component, Duration> startupTimes() {
        synchronized (startupTimes) {
            return Collections.unmodifiableMap(new EnumMap<>(startupTimes));
        }
    }

    /** Wall-clock time from {@link #start} until every component was ready. */
    public Duration totalStartupTime() {
        return totalStartupTime;
    }

    // ------------------------------------------------------------------ Kafka outage simulation

    /** Stops the broker (SIGTERM, controlled shutdown); its data stays. */
    public void stopKafka() {
        requireComponent(Component.KAFKA);
        listener.stopping(Component.KAFKA);
        kafka.stop();
    }

    /** Starts the broker again on the same data directory and waits until it serves requests. */
    public void startKafka() {
        requireComponent(Component.KAFKA);
        if (closed.get()) {
            throw new IllegalStateException("the stack is closed");
        }
        timed(Component.KAFKA, () -> kafka.start(aborted::get));
    }

    public boolean isKafkaRunning() {
        return kafka.isRunning();
    }

    // ------------------------------------------------------------------ start

    private void startAll() {
        long begin = System.nanoTime();
        checkPrerequisites();
        checkPortsFree();
        try {
            Files.createDirectories(config.logDir());
        } catch (IOException e) {
            throw new StackException("stack", "cannot create log directory " + config.logDir() + ": "
                    + e.getMessage(), e);
        }
        if (config.resetKafka() && config.includes(Component.KAFKA)) {
            kafka.deleteData();
        }
        for (Component.Phase phase : Component.Phase.values()) {
            List<Component> components = config.components().stream().filter(c -> c.phase() == phase).toList();
            runInParallel(components);
        }
        totalStartupTime = Duration.ofNanos(System.nanoTime() - begin);
    }

    private void startComponent(Component component) {
        switch (component) {
            case POSTGRES -> provisionDatabases();
            case KAFKA -> kafka.start(aborted::get);
            case KEYCLOAK -> keycloak.start(aborted::get);
            case MAIL -> mail.start(aborted::get);
            default -> apps.get(component).start(databases.get(component), aborted::get);
        }
    }

    private void provisionDatabases() {
        for (Component service : Component.values()) {
            if (service.hasDatabase()) {
                String name = config.databaseName(service);
                try {
                    if (config.resetDatabases()) {
                        LocalPostgres.dropDatabase(name);
                    }
                    databases.put(service, LocalPostgres.ensureDatabase(name));
                } catch (RuntimeException e) {
                    throw new StackException(Component.POSTGRES.id(), e.getMessage(), e);
                }
            }
        }
    }

    private void runInParallel(List<Component> components) {
        if (components.isEmpty()) {
            return;
        }
        Map<Component, Future<?>> futures = new LinkedHashMap<>();
        for (Component component : components) {
            futures.put(component, executor.submit(() -> timed(component, () -> startComponent(component))));
        }
        RuntimeException failure = null;
        for (Map.Entry<Component, Future<?>> entry : futures.entrySet()) {
            try {
                entry.getValue().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                aborted.set(true);
                failure = failure != null ? failure : new StackException("stack", "interrupted while starting");
            } catch (ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException runtime ? runtime
                        : new StackException(entry.getKey().id(), String.valueOf(e.getCause()), e.getCause());
                aborted.set(true);
                if (failure == null || failure instanceof Readiness.Aborted) {
                    if (failure != null) {
                        cause.addSuppressed(failure);
                    }
                    failure = cause;
                } else if (!(cause instanceof Readiness.Aborted)) {
                    failure.addSuppressed(cause);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void timed(Component component, Runnable start) {
        if (aborted.get()) {
            throw new Readiness.Aborted(component.id());
        }
        listener.starting(component);
        long begin = System.nanoTime();
        try {
            start.run();
        } catch (Readiness.Aborted e) {
            throw e;
        } catch (RuntimeException e) {
            listener.failed(component, e.getMessage());
            throw e;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        startupTimes.put(component, took);
        listener.ready(component, took);
    }

    private void checkPrerequisites() {
        List<String> problems = new ArrayList<>();
        for (Component component : config.components()) {
            try {
                switch (component) {
                    case POSTGRES -> {
                    }
                    case KAFKA -> kafka.checkPrerequisites();
                    case KEYCLOAK -> keycloak.checkPrerequisites();
                    case MAIL -> mail.checkPrerequisites();
                    default -> {
                        apps.get(component).checkPrerequisites();
                        if (component.hasDatabase() && !config.includes(Component.POSTGRES)) {
                            problems.add(component + ": needs postgres, which is not part of the stack");
                        }
                    }
                }
            } catch (StackException | IllegalStateException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new StackException("stack", "cannot start:" + System.lineSeparator() + "  - "
                    + String.join(System.lineSeparator() + "  - ", problems));
        }
    }

    private void checkPortsFree() {
        List<String> busy = new ArrayList<>();
        Map<Integer, String> ports = new LinkedHashMap<>();
        BiConsumer<Integer, String> port = (number, owner) -> {
            String other = ports.putIfAbsent(number, owner);
            if (other != null) {
                busy.add("port " + number + " is configured for both " + other + " and " + owner);
            }
        };
        if (config.includes(Component.KAFKA)) {
            port.accept(config.kafkaPort(), "kafka (" + StackConfig.Keys.KAFKA_PORT + ")");
            port.accept(config.kafkaControllerPort(),
                    "kafka controller (" + StackConfig.Keys.KAFKA_CONTROLLER_PORT + ")");
        }
        if (config.includes(Component.KEYCLOAK)) {
            port.accept(config.keycloakPort(), "keycloak (" + StackConfig.Keys.KEYCLOAK_PORT + ")");
            port.accept(config.keycloakManagementPort(),
                    "keycloak management (" + StackConfig.Keys.KEYCLOAK_MANAGEMENT_PORT + ")");
        }
        if (config.includes(Component.MAIL)) {
            port.accept(config.smtpPort(), "mail SMTP (" + StackConfig.Keys.SMTP_PORT + ")");
            port.accept(config.mailApiPort(), "mail web/API (" + StackConfig.Keys.MAIL_API_PORT + ")");
        }
        for (Component component : apps.keySet()) {
            port.accept(config.port(component), component + " (" + StackConfig.Keys.portKey(component) + ")");
        }
        ports.forEach((number, owner) -> {
            if (!portFree(number)) {
                busy.add("port " + number + " for " + owner + " is in use");
            }
        });
        if (!busy.isEmpty()) {
            String leftovers = leftoverProcesses();
            throw new StackException("stack", "cannot start:" + System.lineSeparator() + "  - "
                    + String.join(System.lineSeparator() + "  - ", busy) + System.lineSeparator()
                    + (leftovers.isEmpty()
                    ? "Stop what listens there (ss -ltnp shows it) or choose other ports."
                    : "Processes of an earlier local stack still run: " + leftovers
                            + " (kill them, e.g. kill <pid>)."));
        }
    }

    private static boolean portFree(int port) {
        if (Readiness.acceptsTcp("127.0.0.1", port)) {
            return false;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String leftoverProcesses() {
        Path dir = Launchers.pidDir(config);
        if (!Files.isDirectory(dir)) {
            return "";
        }
        List<String> alive = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                try {
                    long pid = Long.parseLong(Files.readString(file).trim());
                    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
                    if (handle.isPresent() && handle.get().isAlive()) {
                        alive.add(file.getFileName().toString().replace(".pid", "") + " pid " + pid);
                    }
                } catch (IOException | NumberFormatException e) {
                    // unreadable pid file: nothing to report
                }
            }
        } catch (IOException e) {
            return "";
        }
        return String.join(", ", alive);
    }

    private void requireComponent(Component component) {
        if (!config.includes(component)) {
            throw new IllegalStateException(component + " is not part of this stack");
        }
    }

    private Map<Component, ManagedProcess> processes() {
        Map<Component, ManagedProcess> processes = new LinkedHashMap<>();
        if (config.includes(Component.KAFKA) && kafka.process() != null) {
            processes.put(Component.KAFKA, kafka.process());
        }
        if (config.includes(Component.KEYCLOAK) && keycloak.process() != null) {
            processes.put(Component.KEYCLOAK, keycloak.process());
        }
        if (config.includes(Component.MAIL) && mail.process() != null) {
            processes.put(Component.MAIL, mail.process());
        }
        apps.forEach((component, app) -> {
            if (app.process() != null) {
                processes.put(component, app.process());
            }
        });
        return processes;
    }

    // ------------------------------------------------------------------ stop

    /**
     * Stops every process of the stack: the gateway, then the services, then Keycloak and Kafka; each with SIGTERM
     * to the process and its children, and a kill after the stop timeout. PostgreSQL keeps running (it is a shared
     * server) and so do the databases. Safe to call more than once and from several threads;
     * every call returns once everything is stopped.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            awaitClosed();
            return;
        }
        try {
            stopAll();
        } finally {
            closeDone.countDown();
        }
    }

    private void awaitClosed() {
        try {
            closeDone.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopAll() {
        aborted.set(true);
        executor.shutdown();
        try {
            // components still starting notice the abort within a second; let them finish so nothing is missed
            executor.awaitTermination(CLOSE_WAIT_FOR_STARTUP.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<Component, ManagedProcess> started = processes();
        stopInParallel(started.keySet().stream().filter(c -> c == Component.GATEWAY).toList());
        stopInParallel(started.keySet().stream().filter(Component::isBootApp)
                .filter(c -> c != Component.GATEWAY).toList());
        stopInParallel(started.keySet().stream().filter(c -> !c.isBootApp()).toList());
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running or about to
        }
    }

    private void stopInParallel(List<Component> components) {
        List<Thread> threads = new ArrayList<>();
        for (Component component : components) {
            Thread thread = new Thread(() -> {
                listener.stopping(component);
                switch (component) {
                    case KAFKA -> kafka.stop();
                    case KEYCLOAK -> keycloak.stop();
                    case MAIL -> mail.stop();
                    default -> apps.get(component).stop();
                }
            }, "local-stack-stop-" + component.id());
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public String toString() {
        return "LocalStack" + config.components().stream().map(Component::id)
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
