package de.rathaus.platform.security;

import de.rathaus.platform.jwt.ValidatedTokens;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/** Full validation once per token, then {@link ValidatedTokens} until it expires (at most a minute). */
final class CachingJwtDecoder implements JwtDecoder {

    private final JwtDecoder delegate;
    private final ValidatedTokens validated;

    CachingJwtDecoder(JwtDecoder delegate, ValidatedTokens validated) {
        this.delegate = delegate;
        this.validated = validated;
    }

    @Override
    public Jwt decode(String token) {
        Jwt known = validated.lookup(token);
        if (known != null) {
            return known;
        }
        Jwt jwt = delegate.decode(token);
        validated.remember(token, jwt);
        return jwt;
    }
}
