package de.rathaus.platform.web;

/** Input that is well-formed but not acceptable (e.g. an unknown reference). Answered with 400 naming the field. */
public class InvalidInputException extends RuntimeException {

    private final String field;

    // An expected answer to the client, rendered as problem+json and never logged with a stack: no stack trace is
    // captured (a request refused on a busy path, e.g. a full slot, would pay for walking the whole filter chain)
    public InvalidInputException(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
