package de.rathaus.testsupport;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points a service under test at real infrastructure: its own database on the real PostgreSQL server (created on
 * demand by {@link LocalPostgres}), the embedded KRaft broker of {@code @EmbeddedKafka}, and the JWKS of
 * {@link TestTokens}.
 */
public final class ServiceTestProperties {

    private ServiceTestProperties() {
    }

    public static void register(DynamicPropertyRegistry registry, String databaseName, TestTokens tokens) {
        LocalPostgres.Database database = LocalPostgres.ensureDatabase(databaseName);
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", database::password);
        registry.add("spring.kafka.bootstrap-servers", () -> System.getProperty("spring.embedded.kafka.brokers"));
        registry.add("rathaus.security.issuer-uri", tokens::issuer);
    }
}
