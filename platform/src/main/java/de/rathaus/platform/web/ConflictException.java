package de.rathaus.platform.web;

/** The request conflicts with the current state (e.g. an illegal status transition). Answered with 409. */
public class ConflictException extends RuntimeException {

    public ConflictException(String detail) {
        super(detail);
    }
}
