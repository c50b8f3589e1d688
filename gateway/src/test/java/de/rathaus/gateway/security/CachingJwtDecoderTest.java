package de.rathaus.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

class CachingJwtDecoderTest {

    final AtomicInteger calls = new AtomicInteger();

    ReactiveJwtDecoder delegate(Instant expiresAt) {
        return token -> {
            calls.incrementAndGet();
            if (token.startsWith("bad")) {
                return Mono.error(new BadJwtException("invalid signature"));
            }
            return Mono.just(Jwt.withTokenValue(token).header("alg", "RS256").subject("anna")
                    .issuedAt(expiresAt.minusSeconds(300)).expiresAt(expiresAt).build());
        };
    }

    @Test
    void aValidatedTokenIsNotValidatedAgain() {
        CachingJwtDecoder decoder = new CachingJwtDecoder(delegate(Instant.now().plusSeconds(300)), 100, Duration.ofMinutes(1));

        assertThat(decoder.decode("token-a").block().getSubject()).isEqualTo("anna");
        assertThat(decoder.decode("token-a").block().getSubject()).isEqualTo("anna");
        assertThat(decoder.decode("token-b").block()).isNotNull();

        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void rejectedTokensAreNeverRemembered() {
        CachingJwtDecoder decoder = new CachingJwtDecoder(delegate(Instant.now().plusSeconds(300)), 100, Duration.ofMinutes(1));

        assertThatThrownBy(() -> decoder.decode("bad-token").block()).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("bad-token").block()).isInstanceOf(BadJwtException.class);

        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void aRememberedTokenPastItsExpiryIsValidatedAgain() {
        // expired beyond the validators' 60 s clock skew: the cached entry must not be served
        CachingJwtDecoder decoder = new CachingJwtDecoder(delegate(Instant.now().minusSeconds(120)), 100, Duration.ofMinutes(1));

        decoder.decode("token-a").block();
        decoder.decode("token-a").block();

        assertThat(calls.get()).isEqualTo(2);
    }
}
