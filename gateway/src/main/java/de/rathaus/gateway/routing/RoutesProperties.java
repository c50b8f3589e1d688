package de.rathaus.gateway.routing;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Base URIs of the services ({@code rathaus.routes.*-uri}, env {@code RATHAUS_ROUTES_APPLICATIONS_URI},
 * {@code _APPOINTMENTS_URI}, {@code _PAYMENTS_URI}, {@code _NOTIFICATIONS_URI}).
 */
@ConfigurationProperties("rathaus.routes")
public record RoutesProperties(@DefaultValue("http://localhost:8081") URI applicationsUri,
                               @DefaultValue("http://localhost:8082") URI appointmentsUri,
                               @DefaultValue("http://localhost:8083") URI paymentsUri,
                               @DefaultValue("http://localhost:8084") URI notificationsUri) {
}
