package de.rathaus.payments.payment;

/** The provider could not be reached or answered with an error; nothing was changed on our side. */
public class ProviderUnavailableException extends RuntimeException {

    public ProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
