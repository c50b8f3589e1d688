package de.rathaus.payments.provider;

/** An incoming provider notification is not authentic (signature), not fresh (timestamp) or malformed. */
public class InvalidNotificationException extends RuntimeException {

    public InvalidNotificationException(String message) {
        super(message);
    }
}
