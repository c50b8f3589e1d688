package de.rathaus.payments.payment;

import java.time.Instant;
import java.util.UUID;

/**
 * A payment of a fee in minor units of EUR, after GOV.UK Pay: {@code CREATED} → {@code STARTED} (the payer is at
 * the provider's checkout) → one of the finished states {@code SUCCEEDED}, {@code FAILED}, {@code CANCELLED},
 * {@code EXPIRED}. A finished payment never changes status again; only its refunded amount grows.
 */
public record Payment(UUID id, String tenant, String citizenId, ReferenceKind referenceKind, UUID referenceId,
                      long amountCents, String currency, String description, PaymentStatus status, boolean finished,
                      String failureCode, String failureMessage, String provider, String providerRef, String nextUrl,
                      String returnUrl, long amountRefundedCents, Instant createdAt, Instant startedAt,
                      Instant finishedAt, Instant updatedAt) {

    public enum ReferenceKind { APPLICATION, APPOINTMENT }

    public enum PaymentStatus {
        CREATED, STARTED, SUCCEEDED, FAILED, CANCELLED, EXPIRED;

        public boolean finished() {
            return this != CREATED && this != STARTED;
        }
    }

    /** What can still be refunded. */
    public long amountAvailableCents() {
        return status == PaymentStatus.SUCCEEDED ? amountCents - amountRefundedCents : 0;
    }
}
