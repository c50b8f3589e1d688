package de.rathaus.payments.provider;

import de.rathaus.payments.payment.PaymentProvider.Outcome;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The provider's own scheme for the notifications it sends us (signature, mutual TLS, or a ping to be confirmed by
 * {@code queryStatus}): implemented by the provider's adapter next to its {@code PaymentProvider}, used by the
 * notification endpoint.
 */
public interface NotificationVerifier {

    /**
     * Checks the authenticity and freshness of an incoming notification (signature, timestamp) and parses it.
     *
     * @throws InvalidNotificationException if it is not authentic, too old or malformed
     */
    Notification verify(Map<String, String> headers, byte[] body);

    /** A notification in provider-neutral terms; its id protects against replays. */
    record Notification(String notificationId, UUID paymentId, String checkoutId, Outcome outcome, Long amountCents,
                        String failureCode, Instant occurredAt) {
    }
}
