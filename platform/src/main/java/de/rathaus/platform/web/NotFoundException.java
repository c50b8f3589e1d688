package de.rathaus.platform.web;

/**
 * The resource does not exist or is not visible to the caller (another citizen's or another municipality's
 * record looks exactly like a missing one). Answered with 404 problem+json.
 */
public class NotFoundException extends RuntimeException {

    // An expected answer to the client, rendered as problem+json and never logged with a stack: no stack trace is
    // captured (a request refused on a busy path, e.g. a full slot, would pay for walking the whole filter chain)
    public NotFoundException(String detail) {
        super(detail, null, false, false);
    }
}
