package de.rathaus.platform.jwt;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where tokens come from and whom they must be for ({@code rathaus.security.*}, env {@code RATHAUS_SECURITY_*}).
 *
 * @param issuerUri the Keycloak realm's issuer; tokens of any other issuer are rejected
 * @param jwkSetUri the realm's JWKS endpoint; defaults to Keycloak's path below the issuer
 * @param audience  the audience every token must name
 */
@ConfigurationProperties("rathaus.security")
public record SecurityProperties(@DefaultValue("http://localhost:8180/realms/rathaus") URI issuerUri,
                                 URI jwkSetUri,
                                 @DefaultValue("rathaus-api") String audience) {

    public SecurityProperties {
        if (issuerUri == null || issuerUri.toString().isBlank()) {
            throw new IllegalArgumentException("rathaus.security.issuer-uri is required (the Keycloak realm's issuer)");
        }
        if (audience == null || audience.isBlank()) {
            throw new IllegalArgumentException("rathaus.security.audience must not be blank");
        }
        jwkSetUri = jwkSetUri == null || jwkSetUri.toString().isBlank()
                ? URI.create(issuerUri + "/protocol/openid-connect/certs")
                : jwkSetUri;
    }
}
