package de.rathaus.gateway.security;

import de.rathaus.platform.jwt.ValidatedTokens;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/** Full validation once per token, then {@link ValidatedTokens} until it expires (at most a minute). */
final class CachingJwtDecoder implements ReactiveJwtDecoder {

    private final ReactiveJwtDecoder delegate;
    private final ValidatedTokens validated;

    CachingJwtDecoder(ReactiveJwtDecoder delegate, ValidatedTokens validated) {
        this.delegate = delegate;
        this.validated = validated;
    }

    @Override
    public Mono<Jwt> decode(String token) {
        Jwt known = validated.lookup(token);
        return known != null ? Mono.just(known) : delegate.decode(token).doOnNext(jwt -> validated.remember(token, jwt));
    }
}
