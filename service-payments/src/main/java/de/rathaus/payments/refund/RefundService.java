package de.rathaus.payments.refund;

import de.rathaus.contracts.events.RefundRequested;
import de.rathaus.payments.JobPages;
import de.rathaus.payments.PaymentsProperties;
import de.rathaus.payments.payment.Payment;
import de.rathaus.payments.payment.PaymentChange;
import de.rathaus.payments.payment.PaymentProvider;
import de.rathaus.payments.payment.PaymentRepository;
import de.rathaus.payments.payment.ProviderUnavailableException;
import de.rathaus.platform.security.CurrentUser;
import de.rathaus.platform.web.ConflictException;
import de.rathaus.platform.web.InvalidInputException;
import de.rathaus.platform.web.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Refunds in two steps so that no transaction is open while the provider answers: (1) reserve the amount on the
 * payment with the SQL guard and record the refund SUBMITTED; (2) ask the provider (idempotent per refund id),
 * then SUCCEEDED with a {@link PaymentChange.Refunded} (the ledger books it, the outbox records PaymentRefunded), or
 * FAILED with the reservation released. A refund whose
 * second step did not happen (provider away, crash) is resubmitted by {@link #resubmit()}.
 */
@Service
public class RefundService {

    private static final Logger log = LoggerFactory.getLogger(RefundService.class);
    /** A SUBMITTED refund older than this is taken to have lost its second step. */
    static final Duration RESUBMIT_AFTER = Duration.ofSeconds(30);

    private final RefundRepository refunds;
    private final PaymentRepository payments;
    private final ApplicationEventPublisher changes;
    private final PaymentProvider provider;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final TaskExecutor executor;
    private final PaymentsProperties props;

    public RefundService(RefundRepository refunds, PaymentRepository payments, ApplicationEventPublisher changes,
                         PaymentProvider provider, TransactionTemplate tx, Clock clock,
                         @Qualifier("applicationTaskExecutor") TaskExecutor executor, PaymentsProperties props) {
        this.refunds = refunds;
        this.payments = payments;
        this.changes = changes;
        this.provider = provider;
        this.tx = tx;
        this.clock = clock;
        this.executor = executor;
        this.props = props;
    }

    /**
     * A clerk's or admin's refund of a payment of their municipality.
     *
     * @param amountCents null = everything still refundable
     * @throws ConflictException if the payment did not succeed or the amount exceeds what is still refundable
     */
    public Refund refund(CurrentUser caller, UUID paymentId, Long amountCents, String reason) {
        Payment payment = payments.findInTenant(caller.tenant(), paymentId)
                .orElseThrow(() -> new NotFoundException("Payment %s does not exist or is not visible to you.".formatted(paymentId)));
        if (amountCents != null && amountCents < 1) {
            throw new InvalidInputException("amountCents", "must be at least 1");
        }
        if (reason != null && reason.length() > 255) {
            throw new InvalidInputException("reason", "must be at most 255 characters");
        }
        Refund refund = tx.execute(s -> reserve(payment, amountCents, reason, "user:" + caller.subject()));
        return submit(refund.id());
    }

    /**
     * RefundRequested of service-applications, inside the consumer's transaction: reserves and records the refund
     * of the application's succeeded payment; the provider is asked right after commit.
     */
    public Optional<Refund> refundForApplication(RefundRequested request, String tenant) {
        Optional<Payment> paid = payments.findLive(tenant, Payment.ReferenceKind.APPLICATION, request.getApplicationId())
                .filter(p -> p.status() == Payment.PaymentStatus.SUCCEEDED);
        if (paid.isEmpty()) {
            log.warn("RefundRequested for application {}: no succeeded payment, nothing refunded", request.getApplicationId());
            return Optional.empty();
        }
        Payment payment = paid.get();
        if (payment.amountAvailableCents() == 0) {
            log.info("RefundRequested for application {}: payment {} is refunded already", request.getApplicationId(), payment.id());
            return Optional.empty();
        }
        if (request.getAmountCents() != null && request.getAmountCents() > payment.amountAvailableCents()) {
            log.error("RefundRequested for application {} asks {} cents, only {} are refundable: not refunded, needs a clerk",
                    request.getApplicationId(), request.getAmountCents(), payment.amountAvailableCents());
            return Optional.empty();
        }
        String reason = request.getReason() == null ? null : request.getReason().substring(0, Math.min(500, request.getReason().length()));
        Refund refund = tx.execute(s -> reserve(payment, request.getAmountCents(), reason, "event:RefundRequested"));
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    executor.execute(() -> submit(refund.id()));
                }
            });
        }
        return Optional.of(refund);
    }

    private Refund reserve(Payment payment, Long requested, String reason, String requestedBy) {
        if (payment.status() != Payment.PaymentStatus.SUCCEEDED) {
            throw new ConflictException("Payment %s is %s; only a succeeded payment can be refunded.".formatted(payment.id(), payment.status()));
        }
        long amount;
        if (requested == null) {
            amount = refunds.lockAvailable(payment.id()).orElse(0L);
            if (amount == 0) {
                throw new ConflictException("Payment %s has nothing left to refund.".formatted(payment.id()));
            }
        } else {
            amount = requested;
        }
        if (!refunds.reserve(payment.id(), amount, clock.instant())) {
            long available = payments.find(payment.id()).map(Payment::amountAvailableCents).orElse(0L);
            throw new ConflictException("A refund of %d cents exceeds the %d cents still refundable of payment %s."
                    .formatted(amount, available, payment.id()));
        }
        Refund refund = new Refund(UUID.randomUUID(), payment.id(), payment.tenant(), amount, reason, Refund.Status.SUBMITTED,
                requestedBy, null, clock.instant(), null);
        refunds.insert(refund);
        return refund;
    }

    /** Step two: the provider pays back; idempotent (a finished refund is left alone, the provider dedupes). */
    public Refund submit(UUID refundId) {
        Refund refund = refunds.find(refundId).orElseThrow();
        if (refund.status() != Refund.Status.SUBMITTED) {
            return refund;
        }
        Payment payment = payments.find(refund.paymentId()).orElseThrow();
        PaymentProvider.RefundResult result;
        try {
            result = payment.providerRef() == null
                    ? new PaymentProvider.RefundResult(false, null, "the payment has no provider checkout")
                    : provider.refund(payment.providerRef(), refund.id(), refund.amountCents());
        } catch (ProviderUnavailableException e) {
            log.warn("Refund {} stays SUBMITTED, resubmitted later: {}", refund.id(), e.getMessage());
            return refund;
        }
        return tx.execute(s -> {
            if (result.succeeded()) {
                return refunds.finish(refund.id(), Refund.Status.SUCCEEDED, result.providerRefundId(), clock.instant())
                        .map(done -> {
                            Payment after = payments.find(done.paymentId()).orElseThrow();
                            changes.publishEvent(new PaymentChange.Refunded(after, done.id(), done.amountCents()));
                            log.info("Refund {} of {} cents for payment {} succeeded", done.id(), done.amountCents(), done.paymentId());
                            return done;
                        })
                        .orElseGet(() -> refunds.find(refund.id()).orElseThrow());
            }
            return refunds.finish(refund.id(), Refund.Status.FAILED, result.providerRefundId(), clock.instant())
                    .map(failed -> {
                        refunds.release(failed.paymentId(), failed.amountCents(), clock.instant());
                        log.warn("Refund {} for payment {} failed at the provider: {}", failed.id(), failed.paymentId(), result.failureReason());
                        return failed;
                    })
                    .orElseGet(() -> refunds.find(refund.id()).orElseThrow());
        });
    }

    public List<Refund> list(UUID paymentId) {
        return refunds.findByPayment(paymentId);
    }

    /** Resubmits refunds whose second step did not happen; with several instances the provider dedupes by refund id. */
    @Scheduled(initialDelayString = "${rathaus.payments.jobs.interval}", fixedDelayString = "${rathaus.payments.jobs.interval}")
    public void resubmit() {
        Instant cutoff = clock.instant().minus(RESUBMIT_AFTER);
        JobPages.<Refund>forEach(props.jobs().batchSize(), (after, size) -> refunds.findSubmittedBefore(cutoff, after, size), refund -> {
            try {
                submit(refund.id());
                return true;
            } catch (RuntimeException e) {
                log.warn("Resubmitting refund {} failed", refund.id(), e);
                return false;
            }
        });
    }
}
