package de.rathaus.payments.payment;

import java.time.Instant;
import java.util.UUID;

/** A payment request for a fee, in minor units of EUR. */
public record Payment(UUID id, String tenant, String citizenId, ReferenceKind referenceKind, UUID referenceId,
                      long amountCents, String currency, String description, PaymentStatus status, Instant createdAt,
                      Instant updatedAt) {

    public enum ReferenceKind { APPLICATION, APPOINTMENT }

    public enum PaymentStatus { CREATED, STARTED, SUCCEEDED, FAILED, CANCELLED, EXPIRED }
}
