package de.rathaus.gateway.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Browser origins of the portals ({@code rathaus.gateway.cors.allowed-origins}, comma-separated; env
 * {@code RATHAUS_GATEWAY_CORS_ALLOWED_ORIGINS}).
 */
@ConfigurationProperties("rathaus.gateway.cors")
public record CorsProperties(@DefaultValue({"http://localhost:5173", "http://localhost:5174"}) List<String> allowedOrigins) {

    public CorsProperties {
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    }
}
