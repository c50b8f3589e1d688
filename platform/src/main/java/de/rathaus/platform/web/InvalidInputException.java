package de.rathaus.platform.web;

/** Input that is well-formed but not acceptable (e.g. an unknown reference). Answered with 400 naming the field. */
public class InvalidInputException extends RuntimeException {

    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
