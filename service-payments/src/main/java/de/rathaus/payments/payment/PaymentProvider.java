package de.rathaus.payments.payment;

import java.util.UUID;

/**
 * The port through which payments and refunds talk to a payment service provider (PSP). The service never talks to
 * a provider in any other way, so an ePayBL, Stripe or other adapter replaces the shipped
 * {@code provider.SimulatedPspAdapter} without touching the payment logic (see the module README). Every call may
 * throw {@link ProviderUnavailableException} when the provider cannot be reached; callers keep their state
 * consistent and retry later (reconciliation, refund resubmission). What the provider tells us on its own
 * (notifications) comes in through the adapter's notification endpoint, not through this port.
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
}
