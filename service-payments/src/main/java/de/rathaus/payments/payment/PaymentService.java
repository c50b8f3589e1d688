package de.rathaus.payments.payment;

import de.rathaus.contracts.events.ApplicationSubmitted;
import de.rathaus.contracts.events.PaymentRequested;
import de.rathaus.platform.events.EventOutbox;
import de.rathaus.platform.events.EventSpec;
import de.rathaus.platform.security.CurrentUser;
import de.rathaus.platform.web.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

@Service
public class PaymentService {

    public static final String TOPIC = "rathaus.payments.v1";
    public static final EventSpec PAYMENT_REQUESTED = EventSpec.of(TOPIC, "de.rathaus.payments.PaymentRequested.v1",
            "payment-requested.v1.json");

    private final PaymentRepository payments;
    private final EventOutbox outbox;
    private final Clock clock;

    PaymentService(PaymentRepository payments, EventOutbox outbox, Clock clock) {
        this.payments = payments;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Creates the payment request for a submitted application's fee (none for a free service). Runs inside the
     * consumer's transaction; a second request for the same application is never created.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Payment> requestFee(ApplicationSubmitted submitted, String tenant) {
        if (submitted.getFeeAmountCents() == null || submitted.getFeeAmountCents() <= 0) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Payment payment = new Payment(UUID.randomUUID(), tenant, submitted.getCitizenId(), Payment.ReferenceKind.APPLICATION,
                submitted.getApplicationId(), submitted.getFeeAmountCents(), submitted.getCurrency().value(),
                "Gebühr " + submitted.getServiceType(), Payment.PaymentStatus.CREATED, now, now);
        if (!payments.insertIfAbsent(payment)) {
            return Optional.empty();
        }
        outbox.record(PAYMENT_REQUESTED, payment.id().toString(), tenant,
                new PaymentRequested(payment.id(), PaymentRequested.ReferenceKind.APPLICATION, payment.referenceId(),
                        payment.citizenId(), payment.amountCents(), PaymentRequested.Currency.EUR));
        return Optional.of(payment);
    }

    @Transactional(readOnly = true)
    public Payment get(CurrentUser caller, UUID id) {
        return payments.findInTenant(caller.tenant(), id)
                .filter(p -> caller.hasRole(CurrentUser.CLERK) || caller.hasRole(CurrentUser.ADMIN)
                        || p.citizenId().equals(caller.subject()))
                .orElseThrow(() -> new NotFoundException("Payment %s does not exist or is not visible to you.".formatted(id)));
    }

    @Transactional(readOnly = true)
    public List<Payment> listOwn(CurrentUser citizen) {
        return payments.findByCitizen(citizen.tenant(), citizen.subject());
    }
}
