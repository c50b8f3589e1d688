package de.rathaus.platform.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

class ValidatedTokensTest {

    static Jwt jwt(String token, Instant expiresAt) {
        return Jwt.withTokenValue(token).header("alg", "RS256").subject("anna")
                .issuedAt(expiresAt.minusSeconds(300)).expiresAt(expiresAt).build();
    }

    @Test
    void aRememberedTokenIsFoundUntilItExpires() {
        ValidatedTokens tokens = new ValidatedTokens(100, Duration.ofMinutes(1));
        Jwt valid = jwt("token-a", Instant.now().plusSeconds(300));

        assertThat(tokens.lookup("token-a")).isNull();
        tokens.remember("token-a", valid);

        assertThat(tokens.lookup("token-a")).isSameAs(valid);
        assertThat(tokens.lookup("token-b")).isNull();
    }

    @Test
    void aRememberedTokenPastItsExpiryIsNotServed() {
        ValidatedTokens tokens = new ValidatedTokens(100, Duration.ofMinutes(1));
        // expired beyond the validators' 60 s clock skew
        tokens.remember("token-a", jwt("token-a", Instant.now().minusSeconds(120)));

        assertThat(tokens.lookup("token-a")).isNull();
    }

    @Test
    void theCacheIsBoundedInTime() {
        ValidatedTokens tokens = new ValidatedTokens(100, Duration.ZERO);
        tokens.remember("token-a", jwt("token-a", Instant.now().plusSeconds(300)));

        assertThat(tokens.lookup("token-a")).isNull();
    }
}
