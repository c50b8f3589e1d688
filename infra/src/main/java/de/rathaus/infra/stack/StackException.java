package de.rathaus.infra.stack;

/** A component of the local stack could not be started or used; the message says which and why. */
public class StackException extends RuntimeException {

    private final String component;

    public StackException(String component, String message) {
        super(component + ": " + message);
        this.component = component;
    }

    public StackException(String component, String message, Throwable cause) {
        super(component + ": " + message, cause);
        this.component = component;
    }

    /** Id of the component that failed, e.g. {@code kafka}. */
    public String component() {
        return component;
    }
}
