package de.rathaus.notifications.delivery;

/**
 * Port to an SMS gateway. {@link #send} hands one message over and returns the provider's message id; the provider
 * later reports the outcome through {@link SmsDeliveryReports} (DELIVERED or FAILED). A {@link RejectedException} is
 * final (e.g. an invalid number): the notification is marked BOUNCED and not retried; any other exception is retried.
 */
public interface SmsProvider {

    String send(String phoneNumber, String text);

    class RejectedException extends RuntimeException {
        public RejectedException(String message) {
            super(message);
        }
    }
}
