package de.rathaus.payments;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code rathaus.payments.*}: payment lifecycle, jobs and the provider adapter.
 *
 * @param expiry                 an unfinished payment expires this long after its creation (GOV.UK Pay: 90 min)
 * @param defaultReturnUrl       where the provider sends the payer back when the payment names no return URL
 * @param reconcileAfter         a payment STARTED longer than this is asked about at the provider
 * @param jobs                   the scheduled jobs
 * @param idempotencyRetention   how long an Idempotency-Key and its response are kept (at least 24 h)
 * @param idempotencyLockTimeout a request still IN_PROGRESS after this is taken to have died; its key may be reused
 * @param notificationRetention  how long received provider-notification ids are kept for replay protection
 * @param provider               the provider adapter
 */
@ConfigurationProperties("rathaus.payments")
public record PaymentsProperties(
        @DefaultValue("90m") Duration expiry,
        String defaultReturnUrl,
        @DefaultValue("10m") Duration reconcileAfter,
        Jobs jobs,
        @DefaultValue("24h") Duration idempotencyRetention,
        @DefaultValue("60s") Duration idempotencyLockTimeout,
        @DefaultValue("30d") Duration notificationRetention,
        @DefaultValue Provider provider) {

    public PaymentsProperties {
        if (idempotencyRetention.compareTo(Duration.ofHours(24)) < 0) {
            throw new IllegalArgumentException("rathaus.payments.idempotency-retention must be at least 24h");
        }
    }

    /**
     * {@code rathaus.payments.jobs.*}. The scheduler reads {@code jobs.enabled} (see {@code SchedulingConfiguration})
     * and {@code jobs.interval} from the environment, so the defaults of the whole group are in {@code application.yml}.
     *
     * @param interval  how often the reconciliation, expiry and refund-resubmission jobs run
     * @param batchSize candidates per page of a job run (a run reads every page)
     */
    public record Jobs(Duration interval, int batchSize) {
    }

    /**
     * The real provider's URL and secrets come from the environment ({@code application.yml}); the simulator's from
     * the local profile.
     *
     * @param baseUrl               the PSP's API base URL; empty = the simulator inside this service
     * @param apiKey                the key this service presents to the PSP
     * @param notificationSecret    shared secret of the notification signatures (HMAC-SHA256)
     * @param notificationTolerance how far a notification's timestamp may be off
     * @param timeout               connect and read timeout of PSP calls
     */
    public record Provider(
            String baseUrl,
            String apiKey,
            String notificationSecret,
            @DefaultValue("300s") Duration notificationTolerance,
            @DefaultValue("5s") Duration timeout) {
    }
}
