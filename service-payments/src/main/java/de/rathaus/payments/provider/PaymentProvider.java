package de.rathaus.payments.provider;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The port to a payment service provider (PSP). The service never talks to a provider in any other way, so an
 * ePayBL, Stripe or other adapter replaces {@link SimulatedPspProvider} without touching the payment logic (see
 * the module README). Every call may throw {@link ProviderUnavailableException} when the provider cannot be
 * reached; callers keep their state consistent and retry later (reconciliation, refund resubmission).
 */
public interface PaymentProvider {

    /** Short name stored with each payment, e.g. {@code simulator} or {@code epaybl}. */
    String name();

    /** Opens a hosted checkout for the payment; the payer's browser is sent to {@link Checkout#nextUrl()}. */
    Checkout createCheckout(CheckoutRequest request);

    /** The provider's current view of a checkout (reconciliation of payments stuck in STARTED). */
    ProviderStatus queryStatus(String checkoutId);

    /**
     * Closes an undecided checkout so that the payer can no longer pay (before a cancellation or expiry on our side).
     *
     * @return true if the checkout is closed now (or was closed unpaid before); false if the payer has already paid
     *         or the outcome is decided otherwise — then ask {@link #queryStatus} and apply it
     */
    boolean cancelCheckout(String checkoutId);

    /**
     * Pays {@code amountCents} of a succeeded checkout back. Idempotent per {@code refundId}: a resubmission of the
     * same refund never pays twice.
     */
    RefundResult refund(String checkoutId, UUID refundId, long amountCents);

    /**
     * Checks the authenticity and freshness of an incoming notification (signature, timestamp) and parses it.
     *
     * @throws InvalidNotificationException if it is not authentic, too old or malformed
     */
    Notification verifyNotification(Map<String, String> headers, byte[] body);

    record CheckoutRequest(UUID paymentId, String tenant, long amountCents, String currency, String description,
                           String returnUrl) {
    }

    record Checkout(String checkoutId, String nextUrl) {
    }

    /** The outcome a provider reports; {@code OPEN} = nothing decided yet. */
    enum Outcome { OPEN, STARTED, SUCCEEDED, FAILED, CANCELLED, EXPIRED, UNKNOWN }

    record ProviderStatus(Outcome outcome, String failureCode, Long amountCents) {
    }

    record RefundResult(boolean succeeded, String providerRefundId, String failureReason) {
    }

    record Notification(String notificationId, UUID paymentId, String checkoutId, Outcome outcome, Long amountCents,
                        String failureCode, Instant occurredAt) {
    }
}
