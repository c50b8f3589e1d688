package de.rathaus.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class CachingJwtDecoderTest {

    final AtomicInteger calls = new AtomicInteger();

    JwtDecoder delegate(Instant expiresAt) {
        return token -> {
            calls.incrementAndGet();
            if (token.startsWith("bad")) {
                throw new BadJwtException("invalid signature");
            }
            return Jwt.withTokenValue(token).header("alg", "RS256").subject("anna")
                    .issuedAt(expiresAt.minusSeconds(300)).expiresAt(expiresAt).build();
        };
    }

    @Test
    void aValidatedTokenIsNotValidatedAgain() {
        CachingJwtDecoder decoder = new CachingJwtDecoder(delegate(Instant.now().plusSeconds(300)), 100, Duration.ofMinutes(1));

        assertThat(decoder.decode("token-a").getSubject()).isEqualTo("anna");
        assertThat(decoder.decode("token-a").getSubject()).isEqualTo("anna");
        decoder.decode("token-b");

        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void rejectedTokensAreNeverRemembered() {
        CachingJwtDecoder decoder = new CachingJwtDecoder(delegate(Instant.now().plusSeconds(300)), 100, Duration.ofMinutes(1));

        assertThatThrownBy(() -> decoder.decode("bad-token")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("bad-token")).isInstanceOf(BadJwtException.class);

        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void aRememberedTokenPastItsExpiryIsValidatedAgain() {
        // expired beyond the validators' 60 s clock skew: the cached entry must not be served
        CachingJwtDecoder decoder = new CachingJwtDecoder(delegate(Instant.now().minusSeconds(120)), 100, Duration.ofMinutes(1));

        decoder.decode("token-a");
        decoder.decode("token-a");

        assertThat(calls.get()).isEqualTo(2);
    }
}
