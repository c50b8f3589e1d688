package de.rathaus.infra.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;

/** Versions and artifact paths recorded by the Maven build (resource filtering of build.properties). */
final class BuildInfo {

    private static final Properties PROPERTIES = load();

    private BuildInfo() {
    }

    static String projectVersion() {
        return get("project.version");
    }

    static String keycloakVersion() {
        return get("keycloak.version");
    }

    static String kafkaVersion() {
        return get("kafka.version");
    }

    /** The Keycloak distribution zip in the local Maven repository. */
    static Path keycloakDistributionZip() {
        return Path.of(get("keycloak.dist.zip"));
    }

    /** The GreenMail standalone jar in the local Maven repository. */
    static Path greenmailStandaloneJar() {
        return Path.of(get("greenmail.standalone.jar"));
    }

    private static String get(String key) {
        String value = PROPERTIES.getProperty(key);
        if (value == null || value.isBlank() || value.startsWith("@")) {
            throw new IllegalStateException("build.properties lacks '" + key + "': build the infra module with Maven"
                    + " (./mvnw -pl infra -am install -DskipTests) instead of compiling it in an IDE only");
        }
        return value;
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
