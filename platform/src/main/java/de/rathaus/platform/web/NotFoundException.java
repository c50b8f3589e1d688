package de.rathaus.platform.web;

/**
 * The resource does not exist or is not visible to the caller (another citizen's or another municipality's
 * record looks exactly like a missing one). Answered with 404 problem+json.
 */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String detail) {
        super(detail);
    }
}
