package de.rathaus.infra.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node Apache Kafka broker in KRaft combined mode (broker and controller in one JVM), started from the
 * classpath the Maven build writes to {@code infra/target/kafka.classpath}. The storage is formatted once; the
 * broker can be stopped and started again on the same data directory.
 */
final class KafkaBroker {

    static final String NAME = Component.KAFKA.id();
    private static final int NODE_ID = 1;
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(120);

    private final StackConfig config;
    private final Path dataDir;
    private final Path configDir;
    private final Path logFile;
    private ManagedProcess process;
    private boolean startedBefore;

    KafkaBroker(StackConfig config) {
        this.config = config;
        this.dataDir = config.kafkaDataDir();
        this.configDir = dataDir.resolveSibling(dataDir.getFileName() + "-config");
        this.logFile = config.logDir().resolve(NAME + ".log");
    }

    static Path classpathFile(StackConfig config) {
        return config.repoRoot().resolve("infra/target/kafka.classpath");
    }

    /** Fails early, before anything starts, if the broker cannot be launched. */
    void checkPrerequisites() {
        Path file = classpathFile(config);
        if (!Files.isRegularFile(file)) {
            throw new StackException(NAME, "broker classpath " + file + " is missing: build the infra module first"
                    + " (./mvnw -pl infra -am install -DskipTests)");
        }
        Launchers.requireJava(NAME, config.javaHome());
    }

    String bootstrapServers() {
        return config.kafkaBootstrap();
    }

    synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    synchronized ManagedProcess process() {
        return process;
    }

    /** Deletes the data directory; only while the broker is stopped. */
    synchronized void deleteData() {
        if (isRunning()) {
            throw new IllegalStateException("cannot delete the data of a running broker");
        }
        Launchers.deleteRecursively(dataDir);
    }

    /** Starts the broker (formatting the storage on first use) and waits until it serves metadata. */
    synchronized void start(BooleanSupplier aborted) {
        if (isRunning()) {
            return;
        }
        String classpath = readClasspath();
        Path serverProperties = writeConfiguration();
        if (!Files.isRegularFile(dataDir.resolve("meta.properties"))) {
            format(classpath, serverProperties);
        }
        List<String> command = new ArrayList<>();
        command.add(Launchers.java(config.javaHome()));
        command.add("-Xmx" + config.kafkaXmx());
        // a single-node development broker: the serial collector keeps threads and memory low
        command.add("-XX:+UseSerialGC");
        command.add("-Djava.awt.headless=true");
        command.add("-Dlog4j2.configurationFile=" + configDir.resolve("log4j2.xml").toUri());
        command.add("-Dkafka.logs.dir=" + config.logDir());
        command.addAll(List.of("-cp", classpath, "kafka.Kafka", serverProperties.toString()));
        process = ManagedProcess.start(NAME, command, Launchers.environment(config, Component.KAFKA, Map.of()),
                configDir, logFile, startedBefore, Launchers.pidDir(config));
        startedBefore = true;
        Readiness.await(process, config.startupTimeout(), aborted,
                "AdminClient describeCluster on " + bootstrapServers(), this::serving);
    }

    synchronized void stop() {
        if (process != null) {
            process.stop(config.stopTimeout());
            process = null;
        }
    }

    private boolean serving() {
        if (!Readiness.acceptsTcp("127.0.0.1", config.kafkaPort())) {
            return false;
        }
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "rathaus-local-stack-readiness");
        try (Admin admin = Admin.create(properties)) {
            return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    private String readClasspath() {
        checkPrerequisites();
        try {
            String classpath = Files.readString(classpathFile(config), StandardCharsets.UTF_8).trim();
            if (classpath.isEmpty()) {
                throw new StackException(NAME, classpathFile(config) + " is empty: rebuild the infra module");
            }
            return classpath;
        } catch (IOException e) {
            throw new StackException(NAME, "cannot read " + classpathFile(config) + ": " + e.getMessage(), e);
        }
    }

    private Path writeConfiguration() {
        String listenerHost = "127.0.0.1";
        String properties = String.join(System.lineSeparator(),
                "# generated by the Rathaus local stack on every start; edits are overwritten",
                "process.roles=broker,controller",
                "node.id=" + NODE_ID,
                "controller.quorum.voters=" + NODE_ID + "@" + listenerHost + ":" + config.kafkaControllerPort(),
                "listeners=PLAINTEXT://" + listenerHost + ":" + config.kafkaPort()
                        + ",CONTROLLER://" + listenerHost + ":" + config.kafkaControllerPort(),
                "advertised.listeners=PLAINTEXT://" + listenerHost + ":" + config.kafkaPort(),
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + dataDir,
                "auto.create.topics.enable=false",
                "num.partitions=1",
                "default.replication.factor=1",
                "min.insync.replicas=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=10",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=10",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.retention.hours=168",
                "");
        String log4j = """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- generated by the Rathaus local stack -->
                <Configuration status="WARN">
                  <Appenders>
                    <Console name="stdout" target="SYSTEM_OUT">
                      <PatternLayout pattern="[%d] %p %m (%c)%n"/>
                    </Console>
                  </Appenders>
                  <Loggers>
                    <Logger name="state.change.logger" level="WARN"/>
                    <Logger name="kafka.request.logger" level="WARN"/>
                    <Logger name="org.apache.kafka.clients" level="WARN"/>
                    <Root level="INFO">
                      <AppenderRef ref="stdout"/>
                    </Root>
                  </Loggers>
                </Configuration>
                """;
        try {
            Files.createDirectories(configDir);
            Files.createDirectories(dataDir);
            Path file = configDir.resolve("server.properties");
            Files.writeString(file, properties, StandardCharsets.UTF_8);
            Files.writeString(configDir.resolve("log4j2.xml"), log4j, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new StackException(NAME, "cannot write the broker configuration to " + configDir + ": "
                    + e.getMessage(), e);
        }
    }

    private void format(String classpath, Path serverProperties) {
        List<String> command = List.of(Launchers.java(config.javaHome()), "-Xmx256m",
                "-Dlog4j2.configurationFile=" + configDir.resolve("log4j2.xml").toUri(),
                "-cp", classpath, "kafka.tools.StorageTool", "format",
                "--cluster-id", Uuid.randomUuid().toString(),
                "--config", serverProperties.toString(),
                "--ignore-formatted");
        try {
            Files.createDirectories(logFile.getParent());
            Files.writeString(logFile, "==== formatting " + dataDir + System.lineSeparator(), StandardCharsets.UTF_8);
            Process format = new ProcessBuilder(command)
                    .directory(configDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            format.getOutputStream().close();
            if (!format.waitFor(FORMAT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                format.destroyForcibly();
                throw new StackException(NAME, "formatting the storage did not finish within "
                        + FORMAT_TIMEOUT.toSeconds() + " s; see " + logFile);
            }
            if (format.exitValue() != 0) {
                throw new StackException(NAME, "formatting the storage in " + dataDir + " failed (exit "
                        + format.exitValue() + "):" + System.lineSeparator()
                        + ManagedProcess.tail(logFile, Readiness.LOG_TAIL_LINES));
            }
        } catch (IOException e) {
            throw new StackException(NAME, "cannot run the storage formatter: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Readiness.Aborted(NAME);
        }
    }
}
