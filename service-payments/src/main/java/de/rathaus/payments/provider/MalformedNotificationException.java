package de.rathaus.payments.provider;

/** An authentic notification whose content is not what the provider's format promises. */
public class MalformedNotificationException extends InvalidNotificationException {

    public MalformedNotificationException(String message) {
        super(message);
    }
}
