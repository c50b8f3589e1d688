package de.rathaus.platform.jwt;

import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationListener;

/**
 * Loads the realm's signing keys right after start, so the first request does not pay for it, and retries every
 * {@link #PAUSE} while Keycloak is not reachable yet (it may start after the service). Until the keys were loaded
 * once the service cannot validate a single token, so this is also the {@code jwks} health indicator, part of
 * the readiness group: traffic reaches the service only when it can authenticate it.
 */
public class JwksWarmUp implements ApplicationListener<ApplicationReadyEvent>, HealthIndicator, DisposableBean {

    static final Duration PAUSE = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(JwksWarmUp.class);

    private final JWKSource<SecurityContext> jwkSource;
    private final SecurityProperties props;
    private volatile boolean loaded;
    private volatile String lastError = "not tried yet";
    private volatile Thread worker;

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
        for (int attempt = 1; !Thread.currentThread().isInterrupted(); attempt++) {
            try {
                int keys = jwkSource.get(allKeys, null).size();
                loaded = true;
                log.info("JWKS of {} loaded: {} key(s)", props.jwkSetUri(), keys);
                return;
            } catch (Exception e) {
                lastError = e.toString();
                log.warn("JWKS of {} not reachable yet (attempt {}): {}", props.jwkSetUri(), attempt, lastError);
            }
            try {
                Thread.sleep(PAUSE.toMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public Health health() {
        return loaded
                ? Health.up().withDetail("jwkSetUri", props.jwkSetUri().toString()).build()
                : Health.outOfService().withDetail("jwkSetUri", props.jwkSetUri().toString())
                        .withDetail("error", lastError).build();
    }

    @Override
    public void destroy() {
        Thread thread = worker;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
