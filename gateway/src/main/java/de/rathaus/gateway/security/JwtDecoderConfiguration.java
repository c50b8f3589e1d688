package de.rathaus.gateway.security;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.SignedJWT;
import de.rathaus.platform.jwt.JwksWarmUp;
import de.rathaus.platform.jwt.SecurityProperties;
import de.rathaus.platform.jwt.TokenValidation;
import de.rathaus.platform.jwt.ValidatedTokens;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
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
 * <p>Signing keys come from the shared caching JWKS source ({@link TokenValidation#jwkSource}), loaded at start
 * ({@link JwksWarmUp}, part of readiness). A key id not seen before may mean a blocking HTTP fetch, so only such
 * look-ups run on the bounded-elastic scheduler; known key ids are served from the cache on the event loop.
 * Tokens that passed once are remembered briefly ({@link ValidatedTokens}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
public class JwtDecoderConfiguration {

    @Bean
    JWKSource<SecurityContext> rathausJwkSource(SecurityProperties props) {
        return TokenValidation.jwkSource(props);
    }

    /** Loads the JWKS right after start; the gateway is ready only once it has. */
    @Bean
    JwksWarmUp jwks(JWKSource<SecurityContext> jwkSource, SecurityProperties props) {
        return new JwksWarmUp(jwkSource, props);
    }

    @Bean
    ReactiveJwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource, SecurityProperties props) {
        // only ids of keys the realm actually served end up here, so the set stays as small as the JWKS
        Set<String> knownKeyIds = ConcurrentHashMap.newKeySet();
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder
                .withJwkSource(jwt -> keysFor(jwkSource, knownKeyIds, jwt))
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .build();
        decoder.setJwtValidator(TokenValidation.validator(props));
        return new CachingJwtDecoder(decoder, new ValidatedTokens());
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
