package de.rathaus.payments.payment;

import de.rathaus.payments.JobPages;
import de.rathaus.payments.PaymentsProperties;
import de.rathaus.payments.payment.PaymentProvider.Outcome;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Reconciliation and expiry. Safe with several instances: both only read candidates and then change each payment
 * with a conditional update ({@link PaymentRepository#finish}); when two instances pick the same payment, one
 * update wins and the other changes nothing (no second event, no second booking).
 */
@Component
public class PaymentJobs {

    private static final Logger log = LoggerFactory.getLogger(PaymentJobs.class);

    private final PaymentRepository payments;
    private final PaymentService service;
    private final PaymentProvider provider;
    private final PaymentsProperties props;
    private final Clock clock;

    PaymentJobs(PaymentRepository payments, PaymentService service, PaymentProvider provider, PaymentsProperties props, Clock clock) {
        this.payments = payments;
        this.service = service;
        this.provider = provider;
        this.props = props;
        this.clock = clock;
    }

    /** One run of both jobs with the configured thresholds, as the scheduler starts it every {@code jobs.interval}. */
    @Scheduled(initialDelayString = "${rathaus.payments.jobs.interval}", fixedDelayString = "${rathaus.payments.jobs.interval}")
    public void run() {
        try {
            reconcile(clock.instant().minus(props.reconcileAfter()));
            expire(clock.instant().minus(props.expiry()));
        } catch (RuntimeException e) {
            log.warn("Payment jobs: run failed, next run in {}", props.jobs().interval(), e);
        }
    }

    /**
     * Asks the provider about payments STARTED before {@code startedBefore} (a notification may have been lost)
     * and applies a final outcome.
     *
     * @return how many payments changed
     */
    public int reconcile(Instant startedBefore) {
        return JobPages.<Payment>forEach(props.jobs().batchSize(), (after, size) -> payments.findStartedBefore(startedBefore, after, size),
                this::reconcile);
    }

    private boolean reconcile(Payment payment) {
        if (payment.providerRef() == null) {
            return false;
        }
        try {
            PaymentProvider.ProviderStatus status = provider.queryStatus(payment.providerRef());
            if (status.outcome() == Outcome.OPEN || status.outcome() == Outcome.STARTED || status.outcome() == Outcome.UNKNOWN) {
                return false;
            }
            boolean changed = service.applyProviderOutcome(payment.id(), payment.providerRef(), status.outcome(),
                    status.failureCode(), status.amountCents()) == PaymentService.Applied.CHANGED;
            if (changed) {
                log.info("Reconciliation: payment {} is {} at the provider", payment.id(), status.outcome());
            }
            return changed;
        } catch (ProviderUnavailableException e) {
            log.warn("Reconciliation of payment {} postponed: {}", payment.id(), e.getMessage());
            return false;
        }
    }

    /**
     * Expires payments created before {@code createdBefore} that are still unfinished. A STARTED payment is first
     * reconciled, so that money the payer paid at the last moment is not lost to the expiry.
     *
     * @return how many payments expired
     */
    public int expire(Instant createdBefore) {
        return JobPages.<Payment>forEach(props.jobs().batchSize(), (after, size) -> payments.findUnfinishedCreatedBefore(createdBefore, after, size),
                payment -> {
                    if (payment.status() == Payment.PaymentStatus.STARTED && reconcile(payment)) {
                        return false;
                    }
                    try {
                        return service.expire(payment.id());
                    } catch (ProviderUnavailableException e) {
                        log.warn("Expiry of payment {} postponed: {}", payment.id(), e.getMessage());
                        return false;
                    }
                });
    }
}
