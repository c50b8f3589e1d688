package de.rathaus.infra.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Settings of a {@link LocalStack}. Build one with {@link #builder()} (built-in defaults) or
 * {@link #fromEnvironment()} (defaults overridden by system properties and environment variables named in
 * {@link Keys}); both return a {@link Builder} whose setters override further.
 *
 * @param repoRoot        root of the Maven multi-module repository (holds the service modules and {@code .local/})
 * @param components      what to start
 * @param ports           HTTP port of each Boot app (gateway and services)
 * @param keycloakPort    Keycloak HTTP port
 * @param keycloakManagementPort Keycloak management port (health endpoints)
 * @param kafkaPort       Kafka PLAINTEXT listener port
 * @param kafkaControllerPort Kafka KRaft controller listener port
 * @param serviceXmx      maximum heap of each Boot app (e.g. {@code 256m})
 * @param serviceJavaOpts further JVM options of each Boot app
 * @param kafkaXmx        maximum heap of the broker
 * @param keycloakHeap    heap options of Keycloak (its {@code JAVA_OPTS_KC_HEAP})
 * @param databasePrefix  prefix of the database names: {@code <prefix>applications} and so on
 * @param resetDatabases  drop the service databases before starting, for a clean run
 * @param resetKafka      delete the broker's data directory before starting
 * @param javaHome        JDK that runs the broker and the Boot apps
 * @param keycloakJavaHome JDK that runs Keycloak
 * @param logDir          where each process writes {@code <component>.log}
 * @param kafkaDataDir    the broker's log directory (its metadata and topic data); by default {@code .local/kafka-data},
 *                        or {@code .local/<prefix>kafka-data} for a stack with another database prefix
 * @param startupTimeout  how long each component may take to become ready
 * @param stopTimeout     how long a process may take to exit after SIGTERM before it is killed
 * @param extraEnv        additional environment variables per component
 * @param smtpPort        SMTP port of the mail server (GreenMail)
 * @param mailApiPort     HTTP port of the mail server's web UI and REST API
 */
public record StackConfig(
        Path repoRoot,
        Set<Component> components,
        Map<Component, Integer> ports,
        int keycloakPort,
        int keycloakManagementPort,
        int kafkaPort,
        int kafkaControllerPort,
        String serviceXmx,
        String serviceJavaOpts,
        String kafkaXmx,
        String keycloakHeap,
        String databasePrefix,
        boolean resetDatabases,
        boolean resetKafka,
        Path javaHome,
        Path keycloakJavaHome,
        Path logDir,
        Path kafkaDataDir,
        Duration startupTimeout,
        Duration stopTimeout,
        Map<Component, Map<String, String>> extraEnv,
        int smtpPort,
        int mailApiPort) {

    /** Names of the settings; each is read as a system property first, then as an environment variable. */
    public static final class Keys {
        public static final String REPO_ROOT = "RATHAUS_REPO_ROOT";
        public static final String COMPONENTS = "RATHAUS_COMPONENTS";
        public static final String GATEWAY_PORT = "RATHAUS_GATEWAY_PORT";
        public static final String APPLICATIONS_PORT = "RATHAUS_APPLICATIONS_PORT";
        public static final String APPOINTMENTS_PORT = "RATHAUS_APPOINTMENTS_PORT";
        public static final String PAYMENTS_PORT = "RATHAUS_PAYMENTS_PORT";
        public static final String NOTIFICATIONS_PORT = "RATHAUS_NOTIFICATIONS_PORT";
        public static final String KEYCLOAK_PORT = "RATHAUS_KEYCLOAK_PORT";
        public static final String KEYCLOAK_MANAGEMENT_PORT = "RATHAUS_KEYCLOAK_MANAGEMENT_PORT";
        public static final String KAFKA_PORT = "RATHAUS_KAFKA_PORT";
        public static final String KAFKA_CONTROLLER_PORT = "RATHAUS_KAFKA_CONTROLLER_PORT";
        public static final String SMTP_PORT = "RATHAUS_SMTP_PORT";
        public static final String MAIL_API_PORT = "RATHAUS_MAIL_API_PORT";
        public static final String SERVICE_XMX = "RATHAUS_SERVICE_XMX";
        public static final String SERVICE_JAVA_OPTS = "RATHAUS_SERVICE_JAVA_OPTS";
        public static final String KAFKA_XMX = "RATHAUS_KAFKA_XMX";
        public static final String KEYCLOAK_HEAP = "RATHAUS_KEYCLOAK_HEAP";
        public static final String DB_PREFIX = "RATHAUS_DB_PREFIX";
        public static final String DB_RESET = "RATHAUS_DB_RESET";
        public static final String KAFKA_RESET = "RATHAUS_KAFKA_RESET";
        public static final String JAVA_HOME = "RATHAUS_JAVA_HOME";
        public static final String KEYCLOAK_JAVA_HOME = "RATHAUS_KEYCLOAK_JAVA_HOME";
        public static final String LOG_DIR = "RATHAUS_LOG_DIR";
        public static final String KAFKA_DATA_DIR = "RATHAUS_KAFKA_DATA_DIR";
        public static final String STARTUP_TIMEOUT = "RATHAUS_STARTUP_TIMEOUT";
        public static final String STOP_TIMEOUT = "RATHAUS_STOP_TIMEOUT";

        private Keys() {
        }

        static String portKey(Component component) {
            return "RATHAUS_" + component.name() + "_PORT";
        }
    }

    public static final String DEFAULT_SERVICE_XMX = "256m";
    /** C1 only: less CPU spent on start-up on 2 cores; benchmarks of peak throughput pass their own options. */
    public static final String DEFAULT_SERVICE_JAVA_OPTS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:MaxMetaspaceSize=192m -Xss512k";
    public static final String DEFAULT_KAFKA_XMX = "512m";
    public static final String DEFAULT_KEYCLOAK_HEAP = "-Xms64m -Xmx512m";
    public static final String DEFAULT_DB_PREFIX = "rathaus_";
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(300);
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(30);

    public StackConfig {
        Objects.requireNonNull(repoRoot, "repoRoot");
        components = Collections.unmodifiableSet(components.isEmpty()
                ? EnumSet.noneOf(Component.class) : EnumSet.copyOf(components));
        ports = Collections.unmodifiableMap(new EnumMap<>(ports));
        Map<Component, Map<String, String>> env = new EnumMap<>(Component.class);
        extraEnv.forEach((component, vars) -> env.put(component, Map.copyOf(vars)));
        extraEnv = Collections.unmodifiableMap(env);
    }

    /** HTTP port of a Boot app. */
    public int port(Component component) {
        if (!component.isBootApp()) {
            throw new IllegalArgumentException(component + " has no single HTTP port");
        }
        return ports.getOrDefault(component, component.defaultPort());
    }

    /** Database name of a service with a database, e.g. {@code rathaus_applications}. */
    public String databaseName(Component component) {
        if (!component.hasDatabase()) {
            throw new IllegalArgumentException(component + " has no database");
        }
        return databasePrefix + component.id();
    }

    public boolean includes(Component component) {
        return components.contains(component);
    }

    public String keycloakUrl() {
        return "http://localhost:" + keycloakPort;
    }

    public String issuerUri() {
        return keycloakUrl() + "/realms/" + KeycloakServer.REALM;
    }

    public String jwkSetUri() {
        return issuerUri() + "/protocol/openid-connect/certs";
    }

    public String kafkaBootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    public String mailApiUrl() {
        // GreenMail binds one address; 127.0.0.1 rather than a name that may resolve to ::1 first
        return "http://127.0.0.1:" + mailApiPort;
    }

    public String serviceUrl(Component component) {
        return "http://localhost:" + port(component);
    }

    /** Directory for generated state: {@code <repo>/.local}. */
    public Path localDir() {
        return repoRoot.resolve(".local");
    }

    public Builder toBuilder() {
        Builder builder = new Builder(repoRoot);
        builder.components = EnumSet.noneOf(Component.class);
        builder.components.addAll(components);
        builder.ports.putAll(ports);
        builder.keycloakPort = keycloakPort;
        builder.keycloakManagementPort = keycloakManagementPort;
        builder.kafkaPort = kafkaPort;
        builder.kafkaControllerPort = kafkaControllerPort;
        builder.smtpPort = smtpPort;
        builder.mailApiPort = mailApiPort;
        builder.serviceXmx = serviceXmx;
        builder.serviceJavaOpts = serviceJavaOpts;
        builder.kafkaXmx = kafkaXmx;
        builder.keycloakHeap = keycloakHeap;
        builder.databasePrefix = databasePrefix;
        builder.resetDatabases = resetDatabases;
        builder.resetKafka = resetKafka;
        builder.javaHome = javaHome;
        builder.keycloakJavaHome = keycloakJavaHome;
        builder.logDir = logDir;
        builder.kafkaDataDir = kafkaDataDir;
        builder.startupTimeout = startupTimeout;
        builder.stopTimeout = stopTimeout;
        extraEnv.forEach((component, vars) -> builder.extraEnv.put(component, new LinkedHashMap<>(vars)));
        return builder;
    }

    /** Built-in defaults; the repository root is found from the working directory upwards. */
    public static Builder builder() {
        return new Builder(null);
    }

    /** Built-in defaults, overridden by the system properties and environment variables named in {@link Keys}. */
    public static Builder fromEnvironment() {
        return fromSettings(name -> {
            String value = System.getProperty(name);
            if (value == null || value.isBlank()) {
                value = System.getenv(name);
            }
            return value == null || value.isBlank() ? null : value.trim();
        });
    }

    static Builder fromSettings(Function<String, String> settings) {
        String root = settings.apply(Keys.REPO_ROOT);
        Builder builder = new Builder(root == null ? null : Path.of(root));
        apply(settings, Keys.COMPONENTS, value -> builder.components(Arrays.stream(value.split(","))
                .filter(s -> !s.isBlank()).map(Component::parse).toArray(Component[]::new)));
        for (Component component : Component.values()) {
            if (component.isBootApp()) {
                String key = Keys.portKey(component);
                apply(settings, key, value -> builder.port(component, parsePort(key, value)));
            }
        }
        apply(settings, Keys.KEYCLOAK_PORT, v -> builder.keycloakPort(parsePort(Keys.KEYCLOAK_PORT, v)));
        apply(settings, Keys.KEYCLOAK_MANAGEMENT_PORT,
                v -> builder.keycloakManagementPort(parsePort(Keys.KEYCLOAK_MANAGEMENT_PORT, v)));
        apply(settings, Keys.KAFKA_PORT, v -> builder.kafkaPort(parsePort(Keys.KAFKA_PORT, v)));
        apply(settings, Keys.KAFKA_CONTROLLER_PORT,
                v -> builder.kafkaControllerPort(parsePort(Keys.KAFKA_CONTROLLER_PORT, v)));
        apply(settings, Keys.SMTP_PORT, v -> builder.smtpPort(parsePort(Keys.SMTP_PORT, v)));
        apply(settings, Keys.MAIL_API_PORT, v -> builder.mailApiPort(parsePort(Keys.MAIL_API_PORT, v)));
        apply(settings, Keys.SERVICE_XMX, builder::serviceXmx);
        apply(settings, Keys.SERVICE_JAVA_OPTS, builder::serviceJavaOpts);
        apply(settings, Keys.KAFKA_XMX, builder::kafkaXmx);
        apply(settings, Keys.KEYCLOAK_HEAP, builder::keycloakHeap);
        apply(settings, Keys.DB_PREFIX, builder::databasePrefix);
        apply(settings, Keys.DB_RESET, v -> builder.resetDatabases(Boolean.parseBoolean(v)));
        apply(settings, Keys.KAFKA_RESET, v -> builder.resetKafka(Boolean.parseBoolean(v)));
        apply(settings, Keys.JAVA_HOME, v -> builder.javaHome(Path.of(v)));
        apply(settings, Keys.KEYCLOAK_JAVA_HOME, v -> builder.keycloakJavaHome(Path.of(v)));
        apply(settings, Keys.LOG_DIR, v -> builder.logDir(Path.of(v)));
        apply(settings, Keys.KAFKA_DATA_DIR, v -> builder.kafkaDataDir(Path.of(v)));
        apply(settings, Keys.STARTUP_TIMEOUT,
                v -> builder.startupTimeout(Duration.ofSeconds(parseLong(Keys.STARTUP_TIMEOUT, v))));
        apply(settings, Keys.STOP_TIMEOUT,
                v -> builder.stopTimeout(Duration.ofSeconds(parseLong(Keys.STOP_TIMEOUT, v))));
        return builder;
    }

    private static void apply(Function<String, String> settings, String key,
                              Consumer<String> setter) {
        String value = settings.apply(key);
        if (value != null) {
            setter.accept(value);
        }
    }

    private static int parsePort(String key, String value) {
        long port = parseLong(key, value);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(key + " must be a port number, but is '" + value + "'");
        }
        return (int) port;
    }

    private static long parseLong(String key, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, but is '" + value + "'", e);
        }
    }

    /**
     * Finds the repository root: the nearest directory, from {@code start} upwards, that holds {@code mvnw} and
     * an {@code infra} directory.
     */
    static Path findRepoRoot(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("infra"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the repository root (a directory with mvnw and infra/) above "
                + start.toAbsolutePath() + "; set " + Keys.REPO_ROOT);
    }

    /** Mutable builder; unset paths are derived from the repository root. */
    public static final class Builder {
        private Path repoRoot;
        private Set<Component> components = EnumSet.allOf(Component.class);
        private final Map<Component, Integer> ports = new EnumMap<>(Component.class);
        private int keycloakPort = 8180;
        private int keycloakManagementPort = 9000;
        private int kafkaPort = 9092;
        private int kafkaControllerPort = 9093;
        private int smtpPort = 3025;
        private int mailApiPort = 8025;
        private String serviceXmx = DEFAULT_SERVICE_XMX;
        private String serviceJavaOpts = DEFAULT_SERVICE_JAVA_OPTS;
        private String kafkaXmx = DEFAULT_KAFKA_XMX;
        private String keycloakHeap = DEFAULT_KEYCLOAK_HEAP;
        private String databasePrefix = DEFAULT_DB_PREFIX;
        private boolean resetDatabases;
        private boolean resetKafka;
        private Path javaHome;
        private Path keycloakJavaHome;
        private Path logDir;
        private Path kafkaDataDir;
        private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;
        private Duration stopTimeout = DEFAULT_STOP_TIMEOUT;
        private final Map<Component, Map<String, String>> extraEnv = new EnumMap<>(Component.class);

        private Builder(Path repoRoot) {
            this.repoRoot = repoRoot;
        }

        public Builder repoRoot(Path repoRoot) {
            this.repoRoot = repoRoot;
            return this;
        }

        /** Start only these components (e.g. {@code KAFKA, KEYCLOAK}). */
        public Builder components(Component... components) {
            this.components = components.length == 0 ? EnumSet.noneOf(Component.class)
                    : EnumSet.copyOf(Arrays.asList(components));
            return this;
        }

        public Builder components(Set<Component> components) {
            this.components = components.isEmpty() ? EnumSet.noneOf(Component.class) : EnumSet.copyOf(components);
            return this;
        }

        /** HTTP port of a Boot app (gateway or service). */
        public Builder port(Component component, int port) {
            if (!component.isBootApp()) {
                throw new IllegalArgumentException("Use the dedicated setter for the ports of " + component);
            }
            ports.put(component, port);
            return this;
        }

        public Builder gatewayPort(int port) {
            return port(Component.GATEWAY, port);
        }

        public Builder keycloakPort(int port) {
            this.keycloakPort = port;
            return this;
        }

        public Builder keycloakManagementPort(int port) {
            this.keycloakManagementPort = port;
            return this;
        }

        public Builder kafkaPort(int port) {
            this.kafkaPort = port;
            return this;
        }

        public Builder kafkaControllerPort(int port) {
            this.kafkaControllerPort = port;
            return this;
        }

        public Builder smtpPort(int port) {
            this.smtpPort = port;
            return this;
        }

        public Builder mailApiPort(int port) {
            this.mailApiPort = port;
            return this;
        }

        public Builder serviceXmx(String xmx) {
            this.serviceXmx = xmx;
            return this;
        }

        public Builder serviceJavaOpts(String opts) {
            this.serviceJavaOpts = opts;
            return this;
        }

        public Builder kafkaXmx(String xmx) {
            this.kafkaXmx = xmx;
            return this;
        }

        public Builder keycloakHeap(String heapOptions) {
            this.keycloakHeap = heapOptions;
            return this;
        }

        public Builder databasePrefix(String prefix) {
            this.databasePrefix = prefix;
            return this;
        }

        public Builder resetDatabases(boolean reset) {
            this.resetDatabases = reset;
            return this;
        }

        public Builder resetKafka(boolean reset) {
            this.resetKafka = reset;
            return this;
        }

        public Builder javaHome(Path javaHome) {
            this.javaHome = javaHome;
            return this;
        }

        public Builder keycloakJavaHome(Path javaHome) {
            this.keycloakJavaHome = javaHome;
            return this;
        }

        public Builder logDir(Path logDir) {
            this.logDir = logDir;
            return this;
        }

        public Builder kafkaDataDir(Path kafkaDataDir) {
            this.kafkaDataDir = kafkaDataDir;
            return this;
        }

        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = timeout;
            return this;
        }

        public Builder stopTimeout(Duration timeout) {
            this.stopTimeout = timeout;
            return this;
        }

        /** An additional environment variable for one component's process. */
        public Builder env(Component component, String name, String value) {
            extraEnv.computeIfAbsent(component, c -> new LinkedHashMap<>()).put(name, value);
            return this;
        }

        /**
         * The broker's data belong with the databases: the consumer offsets and the outbox state must agree. The
         * development stack keeps {@code .local/kafka-data}; a stack with its own databases (benchmarks, the end-to-end
         * test) gets its own broker data, so that resetting it or loading it with events never touches the other.
         */
        private String defaultKafkaDataDirName() {
            return DEFAULT_DB_PREFIX.equals(databasePrefix) ? "kafka-data" : databasePrefix + "kafka-data";
        }

        public StackConfig build() {
            Path root = repoRoot != null ? repoRoot.toAbsolutePath().normalize() : findRepoRoot(Path.of(""));
            Path local = root.resolve(".local");
            Path java = javaHome != null ? javaHome : Path.of(System.getProperty("java.home"));
            if (!databasePrefix.matches("[a-z_][a-z0-9_]*")) {
                throw new IllegalArgumentException("Database prefix must be a lower-case SQL identifier prefix,"
                        + " but is '" + databasePrefix + "'");
            }
            return new StackConfig(root, components, ports, keycloakPort, keycloakManagementPort, kafkaPort,
                    kafkaControllerPort, serviceXmx, serviceJavaOpts, kafkaXmx, keycloakHeap, databasePrefix,
                    resetDatabases, resetKafka, java, keycloakJavaHome != null ? keycloakJavaHome : java,
                    logDir != null ? logDir.toAbsolutePath() : local.resolve("logs"),
                    kafkaDataDir != null ? kafkaDataDir.toAbsolutePath() : local.resolve(defaultKafkaDataDirName()),
                    startupTimeout, stopTimeout, extraEnv, smtpPort, mailApiPort);
        }
    }
}
