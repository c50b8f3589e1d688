package de.rathaus.platform.web;

/** The request conflicts with the current state (e.g. an illegal status transition). Answered with 409. */
public class ConflictException extends RuntimeException {

    // An expected answer to the client, rendered as problem+json and never logged with a stack: no stack trace is
    // captured (a request refused on a busy path, e.g. a full slot, would pay for walking the whole filter chain)
    public ConflictException(String detail) {
        super(detail, null, false, false);
    }
}
