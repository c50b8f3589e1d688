package de.rathaus.payments.payment;

import de.rathaus.contracts.events.FeeDue;
import de.rathaus.payments.PaymentsProperties;
import de.rathaus.payments.payment.Payment.PaymentStatus;
import de.rathaus.payments.payment.PaymentProvider.Outcome;
import de.rathaus.platform.security.CurrentUser;
import de.rathaus.platform.web.ConflictException;
import de.rathaus.platform.web.InvalidInputException;
import de.rathaus.platform.web.NotFoundException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The payment lifecycle. Transactions are explicit ({@link TransactionTemplate}) because provider calls must happen
 * outside them: no database transaction (and no row lock) is held while the provider answers. Each change that wins
 * its conditional update publishes a {@link PaymentChange} inside its transaction; the ledger and the outbox react.
 */
@Service
public class PaymentService {

    private static final Logger log = LoggerFactory.getLogger(PaymentService.class);
    /** 100,000.00 EUR: far above any municipal fee, far below any overflow. */
    public static final long MAX_AMOUNT_CENTS = 10_000_000L;
    static final Set<PaymentStatus> UNFINISHED = EnumSet.of(PaymentStatus.CREATED, PaymentStatus.STARTED);

    private final PaymentRepository payments;
    private final ApplicationEventPublisher changes;
    private final PaymentProvider provider;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final PaymentsProperties props;

    public PaymentService(PaymentRepository payments, ApplicationEventPublisher changes, PaymentProvider provider,
                          TransactionTemplate tx, Clock clock, PaymentsProperties props) {
        this.payments = payments;
        this.changes = changes;
        this.provider = provider;
        this.tx = tx;
        this.clock = clock;
        this.props = props;
    }

    /** What a new payment is for. */
    public record NewPayment(String tenant, String citizenId, Payment.ReferenceKind referenceKind, UUID referenceId,
                             Long amountCents, String currency, String description, String returnUrl) {
    }

    /**
     * Creates a payment (CREATED), raises the claim in the ledger and records PaymentRequested.
     *
     * @throws InvalidInputException for an invalid amount, currency, description, reference or return URL
     * @throws ConflictException     if an open or succeeded payment exists for the reference
     */
    public Payment create(NewPayment request) {
        Payment payment = validated(request);
        return tx.execute(status -> {
            if (!payments.insertIfNoLivePayment(payment)) {
                Payment live = payments.findLive(payment.tenant(), payment.referenceKind(), payment.referenceId()).orElse(null);
                throw new ConflictException("%s %s already has a %s payment%s.".formatted(payment.referenceKind(),
                        payment.referenceId(), live == null ? "live" : live.status().name().toLowerCase(),
                        live == null ? "" : " (" + live.id() + ")"));
            }
            changes.publishEvent(new PaymentChange.Created(payment));
            return payment;
        });
    }

    /**
     * FeeDue of service-applications: the payment for the application's fee, payer = applicant. Runs inside the
     * idempotent consumer's transaction; a second FeeDue for an application that has a live payment changes nothing.
     */
    public Optional<Payment> createForFee(FeeDue fee, String tenant) {
        Payment payment = validated(new NewPayment(tenant, fee.getCitizenId(), Payment.ReferenceKind.APPLICATION,
                fee.getApplicationId(), fee.getAmountCents(), fee.getCurrency() == null ? null : fee.getCurrency().value(),
                fee.getDescription(), null));
        return tx.execute(status -> {
            if (!payments.insertIfNoLivePayment(payment)) {
                log.info("FeeDue for application {}: a live payment exists already, nothing created", fee.getApplicationId());
                return Optional.<Payment>empty();
            }
            changes.publishEvent(new PaymentChange.Created(payment));
            return Optional.of(payment);
        });
    }

    private Payment validated(NewPayment r) {
        if (r.tenant() == null || r.tenant().isBlank()) {
            throw new InvalidInputException("tenant", "is required");
        }
        if (r.citizenId() == null || r.citizenId().isBlank() || r.citizenId().length() > 255) {
            throw new InvalidInputException("payerId", "must be a subject id of 1 to 255 characters");
        }
        if (r.referenceKind() == null || r.referenceId() == null) {
            throw new InvalidInputException("reference", "must name what is paid for: kind APPLICATION or APPOINTMENT and its id");
        }
        if (r.amountCents() == null || r.amountCents() < 1 || r.amountCents() > MAX_AMOUNT_CENTS) {
            throw new InvalidInputException("amountCents", "must be between 1 and %d (minor units of EUR)".formatted(MAX_AMOUNT_CENTS));
        }
        if (!"EUR".equals(r.currency())) {
            throw new InvalidInputException("currency", "must be EUR");
        }
        String description = r.description() == null ? "" : r.description().strip();
        if (description.isEmpty() || description.length() > 255 || description.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("description", "must be 1 to 255 characters without control characters");
        }
        String returnUrl = r.returnUrl() == null || r.returnUrl().isBlank() ? props.defaultReturnUrl() : r.returnUrl();
        if (!isHttpUrl(returnUrl)) {
            throw new InvalidInputException("returnUrl", "must be an absolute http(s) URL");
        }
        Instant now = clock.instant();
        return new Payment(UUID.randomUUID(), r.tenant(), r.citizenId(), r.referenceKind(), r.referenceId(), r.amountCents(),
                "EUR", description, PaymentStatus.CREATED, false, null, null, null, null, null, returnUrl, 0, now, null,
                null, now);
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = URI.create(value);
            return uri.isAbsolute() && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A payment the caller may see: citizens their own, clerks and admins their municipality's; else 404. */
    public Payment get(CurrentUser caller, UUID id) {
        return payments.findInTenant(caller.tenant(), id)
                .filter(p -> caller.hasRole(CurrentUser.CLERK) || caller.hasRole(CurrentUser.ADMIN)
                        || p.citizenId().equals(caller.subject()))
                .orElseThrow(() -> notFound(id));
    }

    static NotFoundException notFound(UUID id) {
        return new NotFoundException("Payment %s does not exist or is not visible to you.".formatted(id));
    }

    public List<Payment> listOwn(CurrentUser citizen) {
        return payments.findByCitizen(citizen.tenant(), citizen.subject());
    }

    public List<Payment> listTenant(CurrentUser clerk, PaymentStatus status, UUID referenceId, int limit) {
        return payments.findByTenant(clerk.tenant(), status, referenceId, limit);
    }

    /**
     * The payer starts paying: CREATED → STARTED with a checkout at the provider. A STARTED payment answers its
     * checkout again; a finished one is a conflict. Only the payer may start (others get 404).
     */
    public Payment startCheckout(CurrentUser payer, UUID id) {
        Payment payment = payments.findInTenant(payer.tenant(), id)
                .filter(p -> p.citizenId().equals(payer.subject()))
                .orElseThrow(() -> notFound(id));
        if (payment.status() == PaymentStatus.STARTED) {
            return payment;
        }
        if (payment.finished()) {
            throw new ConflictException("Payment %s is %s and cannot be paid any more.".formatted(id, payment.status()));
        }
        PaymentProvider.Checkout checkout = provider.createCheckout(new PaymentProvider.CheckoutRequest(payment.id(),
                payment.tenant(), payment.amountCents(), payment.currency(), payment.description(), payment.returnUrl()));
        // a concurrent start won or the payment finished meanwhile: the unused checkout expires at the provider
        return payments.markStarted(id, provider.name(), checkout.checkoutId(), checkout.nextUrl(), clock.instant())
                .or(() -> payments.find(id).filter(p -> p.status() == PaymentStatus.STARTED))
                .orElseThrow(() -> new ConflictException("Payment %s finished while the checkout was opened.".formatted(id)));
    }

    /** Cancels an unfinished payment: by its payer (P0030) or a clerk/admin of the municipality (P0040). */
    public Payment cancel(CurrentUser caller, UUID id) {
        Payment payment = get(caller, id);
        boolean byPayer = payment.citizenId().equals(caller.subject()) && !caller.hasRole(CurrentUser.CLERK) && !caller.hasRole(CurrentUser.ADMIN);
        FailureCode code = byPayer ? FailureCode.CANCELLED_BY_PAYER : FailureCode.CANCELLED_BY_MUNICIPALITY;
        if (payment.status() == PaymentStatus.STARTED && !closeCheckout(payment)) {
            throw new ConflictException("Payment %s was decided at the provider meanwhile (%s) and cannot be cancelled."
                    .formatted(id, payments.find(id).map(Payment::status).orElse(payment.status())));
        }
        return finish(id, PaymentStatus.CANCELLED, code)
                .orElseThrow(() -> new ConflictException("Payment %s is %s and cannot be cancelled.".formatted(id,
                        payments.find(id).map(Payment::status).orElse(payment.status()))));
    }

    /**
     * A new payment for what a failed, cancelled or expired payment was for (a finished payment is never reopened).
     *
     * @throws ConflictException if the payment succeeded or is unfinished, or a live payment exists for the reference
     */
    public Payment retry(CurrentUser caller, UUID id) {
        Payment previous = get(caller, id);
        if (!previous.finished() || previous.status() == PaymentStatus.SUCCEEDED) {
            throw new ConflictException("Payment %s is %s; only a failed, cancelled or expired payment can be retried."
                    .formatted(id, previous.status()));
        }
        return create(new NewPayment(previous.tenant(), previous.citizenId(), previous.referenceKind(), previous.referenceId(),
                previous.amountCents(), previous.currency(), previous.description(), previous.returnUrl()));
    }

    /** What applying a provider outcome did. */
    public enum Applied { CHANGED, UNCHANGED, UNKNOWN_PAYMENT }

    /**
     * Applies what the provider reports (notification or reconciliation). Duplicates and reordered reports change
     * nothing: only an unfinished payment moves, and only once.
     */
    public Applied applyProviderOutcome(UUID paymentId, String checkoutId, Outcome outcome, String failureCode, Long amountCents) {
        Optional<Payment> found = payments.find(paymentId);
        if (found.isEmpty() || (checkoutId != null && found.get().providerRef() != null && !checkoutId.equals(found.get().providerRef()))) {
            return Applied.UNKNOWN_PAYMENT;
        }
        Payment payment = found.get();
        return switch (outcome) {
            case STARTED -> tx.execute(s -> payments.markStarted(paymentId, provider.name(), checkoutId, payment.nextUrl(), clock.instant()))
                    .isPresent() ? Applied.CHANGED : Applied.UNCHANGED;
            case SUCCEEDED -> {
                if (amountCents != null && amountCents != payment.amountCents()) {
                    log.error("Provider reports {} cents paid for payment {} of {} cents; not booked, needs a manual check",
                            amountCents, paymentId, payment.amountCents());
                    yield Applied.UNCHANGED;
                }
                Optional<Payment> done = finish(paymentId, PaymentStatus.SUCCEEDED, null);
                if (done.isEmpty() && payment.status() != PaymentStatus.SUCCEEDED && payments.find(paymentId)
                        .map(p -> p.status() != PaymentStatus.SUCCEEDED).orElse(true)) {
                    log.error("Provider reports payment {} paid, but it finished as {} before; the money must be refunded manually",
                            paymentId, payments.find(paymentId).map(Payment::status).orElse(null));
                }
                yield done.isPresent() ? Applied.CHANGED : Applied.UNCHANGED;
            }
            case FAILED -> finish(paymentId, PaymentStatus.FAILED,
                    "P0050".equals(failureCode) ? FailureCode.PROVIDER_ERROR : FailureCode.DECLINED).isPresent()
                    ? Applied.CHANGED : Applied.UNCHANGED;
            case CANCELLED -> finish(paymentId, PaymentStatus.CANCELLED, FailureCode.CANCELLED_BY_PAYER).isPresent()
                    ? Applied.CHANGED : Applied.UNCHANGED;
            case EXPIRED -> finish(paymentId, PaymentStatus.EXPIRED, FailureCode.EXPIRED).isPresent()
                    ? Applied.CHANGED : Applied.UNCHANGED;
            case OPEN, UNKNOWN -> Applied.UNCHANGED;
        };
    }

    /**
     * Closes a STARTED payment's checkout at the provider before we finish it without money, so that the payer
     * cannot pay a payment we consider cancelled or expired. If the payer has paid already, that outcome is applied.
     *
     * @return true if the checkout is closed (or there is none); false if the provider had decided otherwise
     */
    private boolean closeCheckout(Payment payment) {
        if (payment.providerRef() == null || provider.cancelCheckout(payment.providerRef())) {
            return true;
        }
        PaymentProvider.ProviderStatus status = provider.queryStatus(payment.providerRef());
        if (status.outcome() == Outcome.UNKNOWN) {
            // nobody can pay a checkout the provider does not know, but whether money arrived for it is for a person
            // to find out with the provider: the payment stays open and says so on every attempt
            log.warn("Payment {}: checkout {} is unknown at the provider {}; it can be neither closed nor expired, check it with the provider",
                    payment.id(), payment.providerRef(), provider.name());
            return false;
        }
        applyProviderOutcome(payment.id(), payment.providerRef(), status.outcome(), status.failureCode(), status.amountCents());
        return false;
    }

    /** Expires an unfinished payment (the expiry job decides when); a STARTED one's checkout is closed first. */
    public boolean expire(UUID paymentId) {
        Optional<Payment> payment = payments.find(paymentId);
        if (payment.isEmpty() || payment.get().finished()
                || (payment.get().status() == PaymentStatus.STARTED && !closeCheckout(payment.get()))) {
            return false;
        }
        return finish(paymentId, PaymentStatus.EXPIRED, FailureCode.EXPIRED).isPresent();
    }

    /** The one place a payment finishes: conditional update, then its {@link PaymentChange} in the same transaction. */
    private Optional<Payment> finish(UUID id, PaymentStatus to, FailureCode failure) {
        return tx.execute(status -> {
            Optional<Payment> finished = payments.finish(id, UNFINISHED, to, failure, clock.instant());
            finished.ifPresent(p -> {
                changes.publishEvent(new PaymentChange.Finished(p));
                log.info("Payment {} {}{}", p.id(), p.status(), p.failureCode() == null ? "" : " (" + p.failureCode() + ")");
            });
            return finished;
        });
    }
}
