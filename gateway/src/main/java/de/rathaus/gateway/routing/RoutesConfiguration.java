package de.rathaus.gateway.routing;

import java.net.URI;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.builder.Buildable;
import org.springframework.cloud.gateway.route.builder.PredicateSpec;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One route per service; the route id names the service in error details. Paths are forwarded unchanged, and so is
 * the {@code Authorization} header: every service validates the token again (zero trust).
 */
@Configuration(proxyBeanMethods = false)
public class RoutesConfiguration {

    /** CORS is answered by the gateway; should a service add the same headers, the gateway's win. */
    static final String CORS_RESPONSE_HEADERS =
            "Access-Control-Allow-Origin Access-Control-Allow-Credentials Access-Control-Expose-Headers";

    @Bean
    RouteLocator rathausRoutes(RouteLocatorBuilder builder, RoutesProperties routes) {
        return builder.routes()
                .route("applications", r -> service(r, "/api/v1/applications", routes.applicationsUri()))
                .route("appointments", r -> service(r, "/api/v1/appointments", routes.appointmentsUri()))
                .route("payments", r -> service(r, "/api/v1/payments", routes.paymentsUri()))
                .route("notifications", r -> service(r, "/api/v1/notifications", routes.notificationsUri()))
                .build();
    }

    private static Buildable<Route> service(PredicateSpec route, String basePath, URI uri) {
        return route.path(basePath, basePath + "/**")
                .filters(f -> f.dedupeResponseHeader(CORS_RESPONSE_HEADERS, "RETAIN_FIRST"))
                .uri(uri);
    }
}
