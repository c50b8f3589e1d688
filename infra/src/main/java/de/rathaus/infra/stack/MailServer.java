package de.rathaus.infra.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * GreenMail standalone (from the local Maven repository) as the stack's SMTP server: accepts every message for
 * every address without authentication, keeps them in memory, and shows them in its web UI / REST API
 * ({@link StackConfig#mailApiUrl()}). IMAP on SMTP port + 118 (3143 by default) for a mail client.
 */
final class MailServer {

    static final String NAME = Component.MAIL.id();

    private final StackConfig config;
    private final Path logFile;
    private ManagedProcess process;
    private boolean startedBefore;

    MailServer(StackConfig config) {
        this.config = config;
        this.logFile = config.logDir().resolve(NAME + ".log");
    }

    void checkPrerequisites() {
        Path jar = BuildInfo.greenmailStandaloneJar();
        if (!Files.isRegularFile(jar)) {
            throw new StackException(NAME, "GreenMail standalone " + jar + " is missing: build the infra module first"
                    + " (./mvnw -pl infra -am install -DskipTests)");
        }
        Launchers.requireJava(NAME, config.javaHome());
    }

    synchronized ManagedProcess process() {
        return process;
    }

    synchronized void start(BooleanSupplier aborted) {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = List.of(Launchers.java(config.javaHome()), "-Xmx64m", "-XX:+UseSerialGC",
                "-Dgreenmail.smtp.hostname=127.0.0.1", "-Dgreenmail.smtp.port=" + config.smtpPort(),
                "-Dgreenmail.imap.hostname=127.0.0.1", "-Dgreenmail.imap.port=" + (config.smtpPort() + 118),
                "-Dgreenmail.api.hostname=127.0.0.1", "-Dgreenmail.api.port=" + config.mailApiPort(),
                "-Dgreenmail.auth.disabled",
                "-jar", BuildInfo.greenmailStandaloneJar().toString());
        process = ManagedProcess.start(NAME, command, Launchers.environment(config, Component.MAIL, Map.of()),
                config.logDir(), logFile, startedBefore, Launchers.pidDir(config));
        startedBefore = true;
        Readiness.await(process, config.startupTimeout(), aborted,
                "SMTP on 127.0.0.1:" + config.smtpPort() + " and the API on 127.0.0.1:" + config.mailApiPort(),
                () -> Readiness.acceptsTcp("127.0.0.1", config.smtpPort()) && Readiness.acceptsTcp("127.0.0.1", config.mailApiPort()));
    }

    synchronized void stop() {
        if (process != null) {
            process.stop(config.stopTimeout());
            process = null;
        }
    }
}
