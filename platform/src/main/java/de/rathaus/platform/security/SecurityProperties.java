package de.rathaus.platform.security;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where tokens come from and whom they must be for.
 *
 * @param issuerUri  the realm's issuer, e.g. {@code http://localhost:8180/realms/rathaus}; tokens of any other issuer are rejected
 * @param jwkSetUri  the realm's JWKS endpoint; defaults to the Keycloak path below the issuer
 * @param audience   audience every token must name ({@code rathaus-api})
 */
@ConfigurationProperties("rathaus.security")
public record SecurityProperties(URI issuerUri, URI jwkSetUri, String audience) {

    public SecurityProperties {
        if (issuerUri == null) {
            throw new IllegalArgumentException("rathaus.security.issuer-uri is required (the Keycloak realm's issuer)");
        }
        jwkSetUri = jwkSetUri == null ? URI.create(issuerUri + "/protocol/openid-connect/certs") : jwkSetUri;
        audience = audience == null || audience.isBlank() ? "rathaus-api" : audience;
    }
}
