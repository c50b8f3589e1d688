package de.rathaus.appointments.web;

/** The If-Match ETag is not the current one: 412, nothing changed. */
public class PreconditionFailedException extends RuntimeException {

    public PreconditionFailedException(String detail) {
        super(detail);
    }
}
