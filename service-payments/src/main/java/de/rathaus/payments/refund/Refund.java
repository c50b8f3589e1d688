package de.rathaus.payments.refund;

import java.time.Instant;
import java.util.UUID;

/** Money paid back for a succeeded payment; its amount is reserved on the payment from the moment it is SUBMITTED. */
public record Refund(UUID id, UUID paymentId, String tenant, long amountCents, String reason, Status status,
                     String requestedBy, String providerRef, Instant createdAt, Instant finishedAt) {

    public enum Status { SUBMITTED, SUCCEEDED, FAILED }
}
