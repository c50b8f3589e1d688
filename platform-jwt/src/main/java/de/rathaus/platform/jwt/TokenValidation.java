package de.rathaus.platform.jwt;

import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import java.net.MalformedURLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;

/**
 * How every component validates tokens. The decoders are built from these parts rather than by Boot so that no
 * check can silently get lost: with a custom validator, Boot's resource-server auto-configuration may drop the
 * issuer and audience checks (spring-security issue 18230). Tests prove that each check rejects.
 */
public final class TokenValidation {

    static final Duration JWKS_TIME_TO_LIVE = Duration.ofMinutes(15);
    static final Duration JWKS_REFRESH_TIMEOUT = Duration.ofSeconds(5);
    /** Unknown key ids make Nimbus refetch: at most two fetches per 5 s protect Keycloak from forged-token floods. */
    static final Duration JWKS_MIN_FETCH_INTERVAL = Duration.ofSeconds(5);

    private TokenValidation() {
    }

    /** Expiry, not-before, issuer, audience and tenant: all of them, always together. */
    public static OAuth2TokenValidator<Jwt> validator(SecurityProperties props) {
        String audience = props.audience();
        return new DelegatingOAuth2TokenValidator<>(List.of(
                JwtValidators.createDefaultWithIssuer(props.issuerUri().toString()),
                new JwtClaimValidator<Collection<String>>(JwtClaimNames.AUD, aud -> aud != null && aud.contains(audience)),
                new TenantClaim()));
    }

    /**
     * The realm's signing keys: cached for 15 minutes, refreshed ahead of expiry by a scheduler even without
     * traffic, refetched (rate limited) for an unknown key id, retried once on a network error. An unknown key id
     * the rate limit keeps from a refetch has no key ({@link SigningKeys}).
     */
    public static SigningKeys jwkSource(SecurityProperties props) {
        try {
            JWKSource<SecurityContext> source = JWKSourceBuilder.<SecurityContext>create(props.jwkSetUri().toURL())
                    .cache(JWKS_TIME_TO_LIVE.toMillis(), JWKS_REFRESH_TIMEOUT.toMillis())
                    .refreshAheadCache(JWKSourceBuilder.DEFAULT_REFRESH_AHEAD_TIME, true)
                    .retrying(true)
                    .rateLimited(JWKS_MIN_FETCH_INTERVAL.toMillis())
                    .build();
            return new SigningKeys(((JWKSetBasedJWKSource<SecurityContext>) source).getJWKSetSource());
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("rathaus.security.jwk-set-uri is no URL: " + props.jwkSetUri(), e);
        }
    }
}
