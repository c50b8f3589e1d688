package de.rathaus.platform.jwt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

/**
 * Tokens that passed full validation, remembered for a short while, so that a client sending the same token with
 * every request does not cost an RSA signature check, Base64 and JSON parsing each time (the largest single item
 * of the gateway's CPU profile under load). Only accepted tokens are kept, keyed by the whole token string; a hit
 * is checked for expiry again, so nothing is accepted longer than it is valid. Bounded in size and time.
 */
public final class ValidatedTokens {

    /** At most this many tokens (about 2 KB each), each for at most a minute. */
    public static final int DEFAULT_MAX_TOKENS = 10_000;
    public static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofMinutes(1);

    private final OAuth2TokenValidator<Jwt> expiry = new JwtTimestampValidator();
    private final Cache<String, Jwt> validated;

    public ValidatedTokens(int maxTokens, Duration timeToLive) {
        this.validated = Caffeine.newBuilder().maximumSize(maxTokens).expireAfterWrite(timeToLive).build();
    }

    public ValidatedTokens() {
        this(DEFAULT_MAX_TOKENS, DEFAULT_TIME_TO_LIVE);
    }

    /** The validated token, or null if it is unknown or has expired since. */
    public Jwt lookup(String token) {
        Jwt known = validated.getIfPresent(token);
        if (known != null && expiry.validate(known).hasErrors()) {
            validated.invalidate(token);
            return null;
        }
        return known;
    }

    /** Remembers a token the full validation accepted. */
    public void remember(String token, Jwt jwt) {
        validated.put(token, jwt);
    }
}
