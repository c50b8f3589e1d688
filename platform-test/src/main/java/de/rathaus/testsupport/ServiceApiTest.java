package de.rathaus.testsupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Base of a service's black-box API test: the service on a random port over real HTTP, its own database on the
 * real PostgreSQL, the broker of the subclass's {@code @EmbeddedKafka} and tokens from {@link TestTokens}.
 * A subclass adds {@code @EmbeddedKafka} and a {@code @DynamicPropertySource} calling {@link #register}. The
 * {@code local} profile is on: development secrets and simulators exist only there.
 */
@ActiveProfiles("local")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ServiceApiTest {

    protected static final TestTokens tokens = new TestTokens();

    @LocalServerPort
    protected int port;
    @Value("${spring.kafka.bootstrap-servers}")
    protected String brokers;
    protected ApiClient api;

    /** Points the service at its database {@code databaseName}, the embedded broker and the test JWKS. */
    protected static void register(DynamicPropertyRegistry registry, String databaseName) {
        ServiceTestProperties.register(registry, databaseName, tokens);
    }

    @BeforeEach
    void connectClient() {
        api = new ApiClient("http://127.0.0.1:" + port);
    }

    @AfterAll
    static void stopJwks() {
        tokens.close();
    }
}
