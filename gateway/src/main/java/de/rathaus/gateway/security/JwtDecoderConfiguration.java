package de.rathaus.gateway.security;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.SignedJWT;
import java.net.MalformedURLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The token decoder, built here rather than by Boot so that no validation can silently get lost: with a custom
 * validator Boot's resource-server auto-configuration may drop the issuer and audience checks (spring-security issue
 * 18230). The validator is therefore always the explicit combination of expiry/not-before, issuer, audience and
 * tenant, and the tests prove each one rejects.
 *
 * <p>Signing keys come from Nimbus' caching JWKS source: fetched at start ({@link JwksWarmUp}), cached for 15
 * minutes, refreshed ahead of expiry in the background, re-fetched (rate limited) when a token names an unknown key
 * id, and retried once on a network error. A cache miss means a blocking HTTP call, so key look-ups run on the
 * bounded-elastic scheduler and never on a Netty event loop.
 */
@Configuration(proxyBeanMethods = false)
public class JwtDecoderConfiguration {

    static final Duration JWKS_TIME_TO_LIVE = Duration.ofMinutes(15);
    static final Duration JWKS_REFRESH_TIMEOUT = Duration.ofSeconds(5);

    @Bean
    JWKSource<SecurityContext> rathausJwkSource(SecurityProperties props) throws MalformedURLException {
        return JWKSourceBuilder.<SecurityContext>create(props.jwkSetUri().toURL())
                .cache(JWKS_TIME_TO_LIVE.toMillis(), JWKS_REFRESH_TIMEOUT.toMillis())
                // scheduled: refreshed shortly before expiry even when no request asks for a key
                .refreshAheadCache(JWKSourceBuilder.DEFAULT_REFRESH_AHEAD_TIME, true)
                .retrying(true)
                // at most one fetch per 5 s (unknown key ids trigger fetches): protects Keycloak from forged-token
                // floods, short enough that a gateway started before Keycloak becomes ready soon after it
                .rateLimited(Duration.ofSeconds(5).toMillis())
                .build();
    }

    /** At most this many validated tokens are remembered (about 2 KB each), each for at most a minute. */
    static final int VALIDATED_TOKENS = 10_000;
    static final Duration VALIDATED_TOKEN_TIME_TO_LIVE = Duration.ofMinutes(1);

    @Bean
    ReactiveJwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource, SecurityProperties props) {
        // only ids of keys the realm actually served end up here, so the set stays as small as the JWKS
        Set<String> knownKeyIds = ConcurrentHashMap.newKeySet();
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder
                .withJwkSource(jwt -> keysFor(jwkSource, knownKeyIds, jwt))
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .build();
        decoder.setJwtValidator(tokenValidator(props));
        return new CachingJwtDecoder(decoder, VALIDATED_TOKENS, VALIDATED_TOKEN_TIME_TO_LIVE);
    }

    /** Expiry, not-before, issuer, audience and tenant: all of them, always together. */
    public static OAuth2TokenValidator<Jwt> tokenValidator(SecurityProperties props) {
        String audience = props.audience();
        return new DelegatingOAuth2TokenValidator<>(List.of(
                JwtValidators.createDefaultWithIssuer(props.issuerUri().toString()),
                new JwtClaimValidator<Collection<String>>(JwtClaimNames.AUD,
                        aud -> aud != null && aud.contains(audience)),
                new TenantClaimValidator()));
    }

    /**
     * Keys of a token's key id. Once a key id has been seen, its key comes from Nimbus's cache (refreshed ahead of
     * expiry by a scheduler) without blocking, so the lookup runs on the calling event-loop thread; only an
     * unknown key id, which makes Nimbus fetch the JWKS over HTTP, is moved to {@code boundedElastic}.
     */
    private static Flux<JWK> keysFor(JWKSource<SecurityContext> jwkSource, Set<String> knownKeyIds, SignedJWT jwt) {
        JWKSelector selector = new JWKSelector(JWKMatcher.forJWSHeader(jwt.getHeader()));
        Mono<List<JWK>> lookup = Mono.fromCallable(() -> {
            List<JWK> keys = jwkSource.get(selector, null);
            keys.forEach(key -> knownKeyIds.add(key.getKeyID()));
            return keys;
        });
        String keyId = jwt.getHeader().getKeyID();
        if (keyId == null || !knownKeyIds.contains(keyId)) {
            lookup = lookup.subscribeOn(Schedulers.boundedElastic());
        }
        return lookup.onErrorMap(KeySourceException.class, SigningKeysUnavailableException::new)
                .flatMapMany(Flux::fromIterable);
    }
}
