package de.rathaus.payments.payment;

import de.rathaus.contracts.events.EventTypes;
import de.rathaus.contracts.events.PaymentExpired;
import de.rathaus.contracts.events.PaymentFailed;
import de.rathaus.contracts.events.PaymentRefunded;
import de.rathaus.contracts.events.PaymentRequested;
import de.rathaus.contracts.events.PaymentSucceeded;
import de.rathaus.contracts.events.Topics;
import de.rathaus.platform.events.EventOutbox;
import de.rathaus.platform.events.EventSpec;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The events of topic {@value #TOPIC}: each {@link PaymentChange} is recorded through the outbox in the transaction of
 * the state change.
 */
@Component
public class PaymentEvents {

    public static final String TOPIC = Topics.PAYMENTS;
    static final EventSpec REQUESTED = spec(EventTypes.PAYMENT_REQUESTED, EventTypes.PAYMENT_REQUESTED_SCHEMA);
    static final EventSpec SUCCEEDED = spec(EventTypes.PAYMENT_SUCCEEDED, EventTypes.PAYMENT_SUCCEEDED_SCHEMA);
    static final EventSpec FAILED = spec(EventTypes.PAYMENT_FAILED, EventTypes.PAYMENT_FAILED_SCHEMA);
    static final EventSpec EXPIRED = spec(EventTypes.PAYMENT_EXPIRED, EventTypes.PAYMENT_EXPIRED_SCHEMA);
    static final EventSpec REFUNDED = spec(EventTypes.PAYMENT_REFUNDED, EventTypes.PAYMENT_REFUNDED_SCHEMA);

    private final EventOutbox outbox;

    public PaymentEvents(EventOutbox outbox) {
        this.outbox = outbox;
    }

    private static EventSpec spec(String type, String schemaFile) {
        return EventSpec.of(TOPIC, type, schemaFile);
    }

    @EventListener
    void on(PaymentChange.Created created) {
        Payment p = created.payment();
        record(REQUESTED, p, new PaymentRequested(p.id(), PaymentRequested.ReferenceKind.fromValue(p.referenceKind().name()),
                p.referenceId(), p.citizenId(), p.amountCents(), PaymentRequested.Currency.fromValue(p.currency())));
    }

    /** The event that tells the world how a payment finished. */
    @EventListener
    void on(PaymentChange.Finished finished) {
        Payment p = finished.payment();
        switch (p.status()) {
            case SUCCEEDED -> record(SUCCEEDED, p, new PaymentSucceeded(p.id(),
                    PaymentSucceeded.ReferenceKind.fromValue(p.referenceKind().name()), p.referenceId(), p.citizenId(),
                    p.amountCents(), PaymentSucceeded.Currency.fromValue(p.currency())));
            case FAILED, CANCELLED -> record(FAILED, p, new PaymentFailed(p.id(),
                    PaymentFailed.ReferenceKind.fromValue(p.referenceKind().name()), p.referenceId(), p.citizenId(),
                    p.amountCents(), PaymentFailed.Currency.fromValue(p.currency()),
                    PaymentFailed.Status.fromValue(p.status().name()), p.failureCode()));
            case EXPIRED -> record(EXPIRED, p, new PaymentExpired(p.id(),
                    PaymentExpired.ReferenceKind.fromValue(p.referenceKind().name()), p.referenceId(), p.citizenId(),
                    p.amountCents(), PaymentExpired.Currency.fromValue(p.currency())));
            default -> throw new IllegalArgumentException(p.status() + " is not finished");
        }
    }

    @EventListener
    void on(PaymentChange.Refunded refunded) {
        Payment p = refunded.payment();
        record(REFUNDED, p, new PaymentRefunded(p.id(), PaymentRefunded.ReferenceKind.fromValue(p.referenceKind().name()),
                p.referenceId(), p.citizenId(), p.amountCents(), PaymentRefunded.Currency.fromValue(p.currency()),
                refunded.refundId(), refunded.amountCents(), p.amountCents() - p.amountRefundedCents()));
    }

    private void record(EventSpec spec, Payment p, Object payload) {
        outbox.record(spec, p.id().toString(), p.tenant(), payload);
    }
}
