package de.rathaus.payments.payment;

import java.util.UUID;

/**
 * What happened to a payment, published in-process (Spring application events) inside the transaction of the
 * change, and only by the one change that won the conditional update. Whoever keeps a record of payments reacts in
 * that same transaction: the ledger books, the outbox records the integration event ({@link PaymentEvents}); a
 * failing reaction rolls the change back.
 */
public sealed interface PaymentChange {

    /** The payment as it is after the change. */
    Payment payment();

    /** A payment was created (CREATED). */
    record Created(Payment payment) implements PaymentChange {
    }

    /** A payment reached its finished status: SUCCEEDED, FAILED, CANCELLED or EXPIRED. */
    record Finished(Payment payment) implements PaymentChange {
    }

    /** The provider paid {@code amountCents} of a succeeded payment back; the payment's refunded amount includes it. */
    record Refunded(Payment payment, UUID refundId, long amountCents) implements PaymentChange {
    }
}
