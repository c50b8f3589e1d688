package de.rathaus.gateway.security;

import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Loads the realm's JWKS into the cache as soon as the gateway is up, so the first request does not pay for it.
 * Keycloak may start after the gateway: the load is retried in the background with a growing pause (up to 5 s)
 * until it succeeds or the gateway stops. Until the keys were loaded once no token can be validated, so this is
 * also the {@code jwks} health indicator, part of the readiness group.
 */
@Component("jwks")
public class JwksWarmUp implements ApplicationListener<ApplicationReadyEvent>, ReactiveHealthIndicator, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(JwksWarmUp.class);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(500);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(5);

    private final JWKSource<SecurityContext> jwkSource;
    private final SecurityProperties props;
    private volatile Thread worker;
    private volatile boolean loaded;
    private volatile String lastError = "not tried yet";

    public JwksWarmUp(JWKSource<SecurityContext> jwkSource, SecurityProperties props) {
        this.jwkSource = jwkSource;
        this.props = props;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        Thread thread = new Thread(this::load, "jwks-warm-up");
        thread.setDaemon(true);
        worker = thread;
        thread.start();
    }

    private void load() {
        JWKSelector allKeys = new JWKSelector(new JWKMatcher.Builder().build());
        Duration pause = FIRST_PAUSE;
        for (int attempt = 1; !Thread.currentThread().isInterrupted(); attempt++) {
            try {
                int keys = jwkSource.get(allKeys, null).size();
                loaded = true;
                log.info("JWKS of {} loaded: {} key(s)", props.jwkSetUri(), keys);
                return;
            } catch (RateLimitReachedException e) {
                // Nimbus allows one fetch per rate-limit interval; the next attempt after that tries the endpoint again
                lastError = e.toString();
                log.debug("JWKS of {} not loaded yet (attempt {}): fetch rate limit, next in {} ms", props.jwkSetUri(),
                        attempt, pause.toMillis());
            } catch (Exception e) {
                lastError = e.toString();
                log.warn("JWKS of {} not reachable yet (attempt {}, next in {} ms): {}", props.jwkSetUri(), attempt,
                        pause.toMillis(), e.toString());
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
            pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
        }
    }

    @Override
    public Mono<Health> health() {
        return Mono.just(loaded
                ? Health.up().withDetail("jwkSetUri", props.jwkSetUri().toString()).build()
                : Health.outOfService().withDetail("jwkSetUri", props.jwkSetUri().toString())
                        .withDetail("error", lastError).build());
    }

    @Override
    public void destroy() {
        Thread thread = worker;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
