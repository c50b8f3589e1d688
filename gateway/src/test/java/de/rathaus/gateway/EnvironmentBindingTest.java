package de.rathaus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import de.rathaus.gateway.ratelimit.RateLimitProperties;
import de.rathaus.gateway.requestsize.RequestSizeProperties;
import de.rathaus.gateway.routing.RoutesProperties;
import de.rathaus.gateway.security.CorsProperties;
import de.rathaus.platform.jwt.SecurityProperties;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

/** The documented environment variable names bind to the gateway's properties; unset ones keep their defaults. */
class EnvironmentBindingTest {

    static Binder environment(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        // named like the real one: Boot maps environment variable names only for a source of that name
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        return new Binder(ConfigurationPropertySources.from(environment.getPropertySources()));
    }

    @Test
    void environmentVariablesOverrideDefaults() {
        Binder binder = environment(Map.of(
                "RATHAUS_ROUTES_APPLICATIONS_URI", "http://applications:8080",
                "RATHAUS_ROUTES_PAYMENTS_URI", "http://payments:8080",
                "RATHAUS_SECURITY_ISSUER_URI", "http://keycloak:8080/realms/rathaus",
                "RATHAUS_RATE_LIMIT_PER_USER_CAPACITY", "1000",
                "RATHAUS_RATE_LIMIT_PER_TENANT_CAPACITY", "800",
                "RATHAUS_RATE_LIMIT_PER_CLIENT_REFILL_PER_SECOND", "5000",
                "RATHAUS_GATEWAY_MAX_REQUEST_SIZE", "2MB",
                "RATHAUS_GATEWAY_MAX_UPLOAD_SIZE", "30MB",
                "RATHAUS_GATEWAY_UPLOAD_PATHS", "/api/v1/applications/*/documents,/api/v1/notifications/attachments",
                "RATHAUS_GATEWAY_CORS_ALLOWED_ORIGINS", "https://portal.example,https://backoffice.example"));

        RoutesProperties routes = binder.bindOrCreate("rathaus.routes", RoutesProperties.class);
        assertThat(routes.applicationsUri()).isEqualTo(URI.create("http://applications:8080"));
        assertThat(routes.paymentsUri()).isEqualTo(URI.create("http://payments:8080"));
        assertThat(routes.appointmentsUri()).isEqualTo(URI.create("http://localhost:8082"));

        SecurityProperties security = binder.bindOrCreate("rathaus.security", SecurityProperties.class);
        assertThat(security.issuerUri()).isEqualTo(URI.create("http://keycloak:8080/realms/rathaus"));
        assertThat(security.jwkSetUri())
                .isEqualTo(URI.create("http://keycloak:8080/realms/rathaus/protocol/openid-connect/certs"));
        assertThat(security.audience()).isEqualTo("rathaus-api");

        RateLimitProperties limits = binder.bindOrCreate("rathaus.rate-limit", RateLimitProperties.class);
        assertThat(limits.getPerUser().getCapacity()).isEqualTo(1000);
        assertThat(limits.getPerUser().getRefillPerSecond()).isEqualTo(20);
        assertThat(limits.getPerTenant().getCapacity()).isEqualTo(800);
        assertThat(limits.getPerTenant().getRefillPerSecond()).isEqualTo(200);
        assertThat(limits.getPerClient().getCapacity()).isEqualTo(5000);
        assertThat(limits.getPerClient().getRefillPerSecond()).isEqualTo(5000);

        RequestSizeProperties sizes = binder.bindOrCreate("rathaus.gateway", RequestSizeProperties.class);
        assertThat(sizes.maxRequestSize()).isEqualTo(DataSize.ofMegabytes(2));
        assertThat(sizes.maxUploadSize()).isEqualTo(DataSize.ofMegabytes(30));
        assertThat(sizes.uploadPaths()).containsExactly("/api/v1/applications/*/documents", "/api/v1/notifications/attachments");
        assertThat(binder.bindOrCreate("rathaus.gateway.cors", CorsProperties.class).allowedOrigins())
                .containsExactly("https://portal.example", "https://backoffice.example");
    }

    @Test
    void defaults() {
        Binder binder = environment(Map.of());

        assertThat(binder.bindOrCreate("rathaus.routes", RoutesProperties.class).notificationsUri())
                .isEqualTo(URI.create("http://localhost:8084"));
        assertThat(binder.bindOrCreate("rathaus.security", SecurityProperties.class).jwkSetUri())
                .isEqualTo(URI.create("http://localhost:8180/realms/rathaus/protocol/openid-connect/certs"));
        RequestSizeProperties sizes = binder.bindOrCreate("rathaus.gateway", RequestSizeProperties.class);
        assertThat(sizes.maxRequestSize()).isEqualTo(DataSize.ofMegabytes(1));
        assertThat(sizes.maxUploadSize()).isEqualTo(DataSize.ofMegabytes(11));
        assertThat(sizes.uploadPaths()).containsExactly("/api/v1/applications/*/documents");
        assertThat(binder.bindOrCreate("rathaus.gateway.cors", CorsProperties.class).allowedOrigins())
                .containsExactly("http://localhost:5173", "http://localhost:5174");
        RateLimitProperties limits = binder.bindOrCreate("rathaus.rate-limit", RateLimitProperties.class);
        assertThat(limits.isEnabled()).isTrue();
        assertThat(limits.getPerUser().getCapacity()).isEqualTo(50);
        assertThat(limits.getPerTenant().getRefillPerSecond()).isEqualTo(200);
        assertThat(limits.getPerClient().getRefillPerSecond()).isEqualTo(2000);
    }
}
