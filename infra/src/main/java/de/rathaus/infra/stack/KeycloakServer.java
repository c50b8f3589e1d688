package de.rathaus.infra.stack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Keycloak from the {@code keycloak-quarkus-dist} zip, unpacked once into {@code .local/keycloak-<version>/} and
 * started in development mode with the realm {@code rathaus} imported into a fresh H2 database on every start.
 */
final class KeycloakServer {

    static final String NAME = Component.KEYCLOAK.id();
    static final String REALM = "rathaus";
    static final String BOOTSTRAP_ADMIN_USER = "admin";
    static final String BOOTSTRAP_ADMIN_PASSWORD = "admin";
    static final String REALM_FILE = "infra/keycloak/rathaus-realm.json";

    private final StackConfig config;
    private ManagedProcess process;

    KeycloakServer(StackConfig config) {
        this.config = config;
    }

    static Path home(StackConfig config) {
        return config.localDir().resolve("keycloak-" + BuildInfo.keycloakVersion());
    }

    /** Fails early, before anything starts, if Keycloak cannot be launched. */
    void checkPrerequisites() {
        Path realm = config.repoRoot().resolve(REALM_FILE);
        if (!Files.isRegularFile(realm)) {
            throw new StackException(NAME, "realm file " + realm + " is missing");
        }
        if (!Files.isRegularFile(home(config).resolve("bin/kc.sh"))) {
            Path zip = BuildInfo.keycloakDistributionZip();
            if (!Files.isRegularFile(zip)) {
                throw new StackException(NAME, "Keycloak distribution " + zip + " is missing: build the infra module"
                        + " (./mvnw -pl infra -am install -DskipTests), which downloads it");
            }
        }
        Launchers.requireJava(NAME, config.keycloakJavaHome());
    }

    synchronized ManagedProcess process() {
        return process;
    }

    synchronized void start(BooleanSupplier aborted) {
        if (process != null && process.isAlive()) {
            return;
        }
        Path home = ensureDistribution();
        prepareData(home);
        List<String> command = List.of(home.resolve("bin/kc.sh").toString(),
                "start-dev",
                "--import-realm",
                "--http-port=" + config.keycloakPort(),
                "--http-management-port=" + config.keycloakManagementPort(),
                "--health-enabled=true",
                // a fixed issuer (http://localhost:<port>/realms/rathaus) whichever address a client uses
                "--hostname=" + config.keycloakUrl());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", BOOTSTRAP_ADMIN_USER);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", BOOTSTRAP_ADMIN_PASSWORD);
        env.put("JAVA_OPTS_KC_HEAP", config.keycloakHeap());
        env.put("JAVA_HOME", config.keycloakJavaHome().toString());
        env.put("JAVA", Launchers.java(config.keycloakJavaHome()));
        // JAVA_OPTS would replace all of kc.sh's JVM defaults, including the heap settings above
        env.put("JAVA_OPTS", null);
        // appended to kc.sh's defaults: C1 only, Keycloak in dev mode starts with much less CPU
        env.put("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
        process = ManagedProcess.start(NAME, command, Launchers.environment(config, Component.KEYCLOAK, env), home,
                config.logDir().resolve(NAME + ".log"), false, Launchers.pidDir(config));
        String health = "http://localhost:" + config.keycloakManagementPort() + "/health/ready";
        String discovery = config.issuerUri() + "/.well-known/openid-configuration";
        Readiness.await(process, config.startupTimeout(), aborted, health + " and " + discovery,
                () -> Readiness.httpOk(health) && Readiness.httpOk(discovery));
    }

    synchronized void stop() {
        if (process != null) {
            process.stop(config.stopTimeout());
            process = null;
        }
    }

    private Path ensureDistribution() {
        Path home = home(config);
        if (Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            return home;
        }
        Path zip = BuildInfo.keycloakDistributionZip();
        Path staging = home.resolveSibling(home.getFileName() + ".unpacking-" + ProcessHandle.current().pid());
        try {
            Launchers.deleteRecursively(staging);
            Files.createDirectories(staging);
            unzip(zip, staging);
            Path unpacked;
            try (Stream<Path> entries = Files.list(staging)) {
                unpacked = entries.filter(p -> Files.isRegularFile(p.resolve("bin/kc.sh"))).findFirst()
                        .orElseThrow(() -> new StackException(NAME, zip + " contains no bin/kc.sh"));
            }
            try (Stream<Path> scripts = Files.list(unpacked.resolve("bin"))) {
                for (Path script : (Iterable<Path>) scripts.filter(p -> p.toString().endsWith(".sh"))::iterator) {
                    script.toFile().setExecutable(true, false);
                }
            }
            try {
                Files.move(unpacked, home, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
                    throw e;
                }
                // another launcher unpacked it at the same time
            }
            return home;
        } catch (IOException e) {
            throw new StackException(NAME, "cannot unpack " + zip + " into " + home + ": " + e.getMessage(), e);
        } finally {
            Launchers.deleteRecursively(staging);
        }
    }

    private static void unzip(Path zip, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        try (InputStream file = Files.newInputStream(zip); ZipInputStream in = new ZipInputStream(file)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path path = root.resolve(entry.getName()).normalize();
                if (!path.startsWith(root)) {
                    throw new IOException("zip entry outside the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(in, path, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** A fresh H2 database and only the current realm file to import, so realm changes always apply. */
    private void prepareData(Path home) {
        try {
            Launchers.deleteRecursively(home.resolve("data/h2"));
            Path importDir = home.resolve("data/import");
            Launchers.deleteRecursively(importDir);
            Files.createDirectories(importDir);
            Files.copy(config.repoRoot().resolve(REALM_FILE), importDir.resolve("rathaus-realm.json"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | IllegalStateException e) {
            throw new StackException(NAME, "cannot prepare " + home.resolve("data") + ": " + e.getMessage(), e);
        }
    }
}
