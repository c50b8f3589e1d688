package de.rathaus.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

/**
 * Remembers tokens that passed full validation for a short while, so that a client sending the same token with
 * every request does not cost an RSA signature check, Base64 and JSON parsing each time. Only tokens the delegate
 * accepted are kept, keyed by the whole token string; a hit is checked for expiry again, so nothing is accepted
 * longer than it is valid. Bounded in size and time.
 */
public final class CachingJwtDecoder implements JwtDecoder {

    private final JwtDecoder delegate;
    private final OAuth2TokenValidator<Jwt> expiry = new JwtTimestampValidator();
    private final Cache<String, Jwt> validated;

    public CachingJwtDecoder(JwtDecoder delegate, int maxTokens, Duration timeToLive) {
        this.delegate = delegate;
        this.validated = Caffeine.newBuilder().maximumSize(maxTokens).expireAfterWrite(timeToLive).build();
    }

    @Override
    public Jwt decode(String token) {
        Jwt known = validated.getIfPresent(token);
        if (known != null) {
            if (!expiry.validate(known).hasErrors()) {
                return known;
            }
            validated.invalidate(token);
        }
        Jwt jwt = delegate.decode(token);
        validated.put(token, jwt);
        return jwt;
    }
}
