package de.rathaus.platform.web;

/**
 * The version named by If-Match is not the current one (412 Precondition Failed), or a write that needs If-Match came
 * without it (428 Precondition Required). The detail names the current ETag so a client can reload and retry.
 */
public class PreconditionFailedException extends RuntimeException {

    private final boolean headerMissing;

    private PreconditionFailedException(String detail, boolean headerMissing) {
        super(detail, null, false, false);
        this.headerMissing = headerMissing;
    }

    /** {@code what} names the resource in the detail, e.g. "application". */
    public static PreconditionFailedException stale(String what, long current) {
        return new PreconditionFailedException("The %s was changed meanwhile (current ETag %s); reload it and try again."
                .formatted(what, ETags.of(current)), false);
    }

    public static PreconditionFailedException missing(String what) {
        return new PreconditionFailedException("This write needs an If-Match header with the %s's ETag.".formatted(what), true);
    }

    /** True for 428 (no If-Match), false for 412 (another version). */
    public boolean headerMissing() {
        return headerMissing;
    }
}
