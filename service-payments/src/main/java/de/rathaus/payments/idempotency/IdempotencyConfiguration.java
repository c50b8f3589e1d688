package de.rathaus.payments.idempotency;

import de.rathaus.payments.PaymentsProperties;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;
import tools.jackson.databind.json.JsonMapper;

/** The Idempotency-Key filter right after Spring Security's filter chain (order -100), and its cleanup. */
@Configuration(proxyBeanMethods = false)
class IdempotencyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyConfiguration.class);

    @Bean
    FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(IdempotencyStore store, JsonMapper json, PaymentsProperties props) {
        FilterRegistrationBean<IdempotencyFilter> registration =
                new FilterRegistrationBean<>(new IdempotencyFilter(store, json, props.idempotencyLockTimeout()));
        registration.setOrder(0);
        registration.addUrlPatterns("/api/v1/payments", "/api/v1/payments/*");
        return registration;
    }

    @Bean
    IdempotencyCleanup idempotencyCleanup(IdempotencyStore store, PaymentsProperties props, Clock clock) {
        return new IdempotencyCleanup(store, props, clock);
    }

    /** Deletes keys older than the retention (24 h by default); a plain delete, harmless on several instances. */
    static class IdempotencyCleanup {

        private final IdempotencyStore store;
        private final PaymentsProperties props;
        private final Clock clock;

        IdempotencyCleanup(IdempotencyStore store, PaymentsProperties props, Clock clock) {
            this.store = store;
            this.props = props;
            this.clock = clock;
        }

        @Scheduled(initialDelay = 60_000, fixedDelay = 3_600_000)
        int cleanUp() {
            int deleted = store.deleteOlderThan(clock.instant().minus(props.idempotencyRetention()));
            if (deleted > 0) {
                log.info("Idempotency keys: {} older than {} deleted", deleted, props.idempotencyRetention());
            }
            return deleted;
        }
    }
}
