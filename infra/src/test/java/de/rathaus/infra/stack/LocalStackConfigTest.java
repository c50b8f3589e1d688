package de.rathaus.infra.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.rathaus.testsupport.LocalPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackConfigTest {

    @Test
    void defaults() {
        StackConfig config = StackConfig.builder().build();

        assertThat(config.components()).containsExactly(Component.values());
        assertThat(config.port(Component.GATEWAY)).isEqualTo(8080);
        assertThat(config.port(Component.APPLICATIONS)).isEqualTo(8081);
        assertThat(config.port(Component.NOTIFICATIONS)).isEqualTo(8084);
        assertThat(config.keycloakUrl()).isEqualTo("http://localhost:8180");
        assertThat(config.issuerUri()).isEqualTo("http://localhost:8180/realms/rathaus");
        assertThat(config.jwkSetUri()).isEqualTo("http://localhost:8180/realms/rathaus/protocol/openid-connect/certs");
        assertThat(config.kafkaBootstrap()).isEqualTo("127.0.0.1:9092");
        assertThat(config.databaseName(Component.PAYMENTS)).isEqualTo("rathaus_payments");
        assertThat(config.repoRoot().resolve("mvnw")).exists();
        assertThat(config.logDir()).isEqualTo(config.repoRoot().resolve(".local/logs"));
        assertThat(config.kafkaDataDir()).isEqualTo(config.repoRoot().resolve(".local/kafka-data"));
    }

    @Test
    void aStackWithItsOwnDatabasesHasItsOwnBrokerData() {
        StackConfig bench = StackConfig.builder().databasePrefix("bench_").build();
        assertThat(bench.kafkaDataDir()).isEqualTo(bench.repoRoot().resolve(".local/bench_kafka-data"));
        Path chosen = Path.of("/tmp/elsewhere");
        assertThat(StackConfig.builder().databasePrefix("bench_").kafkaDataDir(chosen).build().kafkaDataDir()).isEqualTo(chosen);
    }

    @Test
    void settingsOverrideDefaults() {
        Map<String, String> settings = Map.of(
                "RATHAUS_COMPONENTS", "kafka, service-payments,gateway",
                "RATHAUS_GATEWAY_PORT", "18080",
                "RATHAUS_PAYMENTS_PORT", "18083",
                "RATHAUS_KAFKA_PORT", "19092",
                "RATHAUS_SERVICE_XMX", "192m",
                "RATHAUS_DB_PREFIX", "e2e_",
                "RATHAUS_DB_RESET", "true",
                "RATHAUS_STARTUP_TIMEOUT", "42");

        StackConfig config = StackConfig.fromSettings(settings::get).build();

        assertThat(config.components()).containsExactly(Component.KAFKA, Component.PAYMENTS, Component.GATEWAY);
        assertThat(config.port(Component.GATEWAY)).isEqualTo(18080);
        assertThat(config.port(Component.PAYMENTS)).isEqualTo(18083);
        assertThat(config.kafkaBootstrap()).isEqualTo("127.0.0.1:19092");
        assertThat(config.serviceXmx()).isEqualTo("192m");
        assertThat(config.databaseName(Component.APPLICATIONS)).isEqualTo("e2e_applications");
        assertThat(config.resetDatabases()).isTrue();
        assertThat(config.startupTimeout()).isEqualTo(Duration.ofSeconds(42));
    }

    @Test
    void invalidSettingsAreRejectedWithTheirName() {
        assertThatThrownBy(() -> StackConfig.fromSettings(Map.of("RATHAUS_KAFKA_PORT", "ninety")::get))
                .hasMessageContaining("RATHAUS_KAFKA_PORT");
        assertThatThrownBy(() -> StackConfig.fromSettings(Map.of("RATHAUS_COMPONENTS", "kafka,redis")::get))
                .hasMessageContaining("redis");
        assertThatThrownBy(() -> StackConfig.builder().databasePrefix("E2E-").build())
                .hasMessageContaining("prefix");
    }

    @Test
    void gatewayGetsRoutesAndNoDatabaseOrKafka() {
        StackConfig config = StackConfig.builder().port(Component.PAYMENTS, 18083).build();
        Map<String, String> env = new BootApp(config, Component.GATEWAY).environment(null);

        assertThat(env).containsEntry("SERVER_PORT", "8080")
                .containsEntry("SPRING_PROFILES_ACTIVE", "local")
                .containsEntry("RATHAUS_ROUTES_APPLICATIONS_URI", "http://localhost:8081")
                .containsEntry("RATHAUS_ROUTES_APPOINTMENTS_URI", "http://localhost:8082")
                .containsEntry("RATHAUS_ROUTES_PAYMENTS_URI", "http://localhost:18083")
                .containsEntry("RATHAUS_ROUTES_NOTIFICATIONS_URI", "http://localhost:8084")
                .containsEntry("RATHAUS_SECURITY_ISSUER_URI", "http://localhost:8180/realms/rathaus")
                .doesNotContainKeys("SPRING_DATASOURCE_URL", "SPRING_KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void servicesGetDatabaseKafkaAndKeycloak() {
        StackConfig config = StackConfig.builder().build();
        var database = new LocalPostgres.Database(
                "jdbc:postgresql://localhost:5432/rathaus_notifications", "rathaus_notifications",
                "rathaus_notifications");
        Map<String, String> env = new BootApp(config, Component.NOTIFICATIONS).environment(database);

        assertThat(env).containsEntry("SERVER_PORT", "8084")
                .containsEntry("SPRING_PROFILES_ACTIVE", "local")
                .containsEntry("SPRING_DATASOURCE_URL", database.jdbcUrl())
                .containsEntry("SPRING_DATASOURCE_USERNAME", "rathaus_notifications")
                .containsEntry("SPRING_DATASOURCE_PASSWORD", "rathaus_notifications")
                .containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
                .containsEntry("RATHAUS_SECURITY_JWK_SET_URI",
                        "http://localhost:8180/realms/rathaus/protocol/openid-connect/certs")
                .containsEntry("RATHAUS_NOTIFICATIONS_CONTACTS_KEYCLOAK_SERVER_URL", "http://localhost:8180")
                .containsEntry("RATHAUS_NOTIFICATIONS_CONTACTS_APPOINTMENTS_URL", "http://localhost:8082")
                .containsEntry("SPRING_MAIL_HOST", "127.0.0.1")
                .containsEntry("SPRING_MAIL_PORT", "3025");
    }

    @Test
    void theMailServerPortsAreConfigurable() {
        StackConfig config = StackConfig.fromSettings(Map.of(StackConfig.Keys.SMTP_PORT, "13025",
                StackConfig.Keys.MAIL_API_PORT, "18025")::get).build();

        assertThat(config.smtpPort()).isEqualTo(13025);
        assertThat(config.mailApiUrl()).isEqualTo("http://127.0.0.1:18025");
        assertThat(new BootApp(config, Component.NOTIFICATIONS).environment(
                new LocalPostgres.Database("jdbc:postgresql://localhost:5432/x", "x", "x"))).containsEntry("SPRING_MAIL_PORT", "13025");
    }

    @Test
    void conflictingPortsAreReportedBeforeAnythingStarts() {
        StackConfig config = TestStacks.config(Component.KAFKA, Component.KEYCLOAK)
                .keycloakManagementPort(19092).build();

        assertThatThrownBy(() -> LocalStack.start(config))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("port 19092 is configured for both kafka (RATHAUS_KAFKA_PORT) and keycloak"
                        + " management (RATHAUS_KEYCLOAK_MANAGEMENT_PORT)");
        assertThat(Readiness.acceptsTcp("127.0.0.1", 19092)).isFalse();
    }

    @Test
    void missingJarsAreReportedBeforeAnythingStarts(@TempDir Path repo) throws Exception {
        Files.createFile(repo.resolve("mvnw"));
        Files.createDirectories(repo.resolve("infra"));
        StackConfig config = StackConfig.builder().repoRoot(repo)
                .components(Component.POSTGRES, Component.APPLICATIONS, Component.GATEWAY).build();

        assertThatThrownBy(() -> LocalStack.start(config))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("service-applications-0.1.0-SNAPSHOT.jar is missing")
                .hasMessageContaining("gateway-0.1.0-SNAPSHOT.jar is missing")
                .hasMessageContaining("./mvnw -pl service-applications -am package -DskipTests");
    }
}
