package de.rathaus.gateway.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Remembers tokens that passed full validation for a short while, so that a client sending the same token with
 * every request does not cost an RSA signature check, Base64 and JSON parsing each time (the largest single item
 * of the gateway's CPU profile under load). Only tokens the delegate accepted are kept, keyed by the whole
 * token string; a hit is checked for expiry again, so nothing is accepted longer than it is valid. The cache is
 * bounded in size and time ({@code maxTokens}, {@code timeToLive}).
 */
public final class CachingJwtDecoder implements ReactiveJwtDecoder {

    private final ReactiveJwtDecoder delegate;
    private final OAuth2TokenValidator<Jwt> expiry = new JwtTimestampValidator();
    private final Cache<String, Jwt> validated;

    public CachingJwtDecoder(ReactiveJwtDecoder delegate, int maxTokens, Duration timeToLive) {
        this.delegate = delegate;
        this.validated = Caffeine.newBuilder().maximumSize(maxTokens).expireAfterWrite(timeToLive).build();
    }

    @Override
    public Mono<Jwt> decode(String token) {
        Jwt known = validated.getIfPresent(token);
        if (known != null) {
            if (!expiry.validate(known).hasErrors()) {
                return Mono.just(known);
            }
            validated.invalidate(token);
        }
        return delegate.decode(token).doOnNext(jwt -> validated.put(token, jwt));
    }
}
