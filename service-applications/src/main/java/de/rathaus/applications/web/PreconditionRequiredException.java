package de.rathaus.applications.web;

/** A write that needs If-Match came without (428): clerks must say which version of the case they decided on. */
public class PreconditionRequiredException extends RuntimeException {

    public PreconditionRequiredException() {
        super("This write needs an If-Match header with the application's ETag.", null, false, false);
    }
}
