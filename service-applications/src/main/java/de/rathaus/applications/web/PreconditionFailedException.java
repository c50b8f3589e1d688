package de.rathaus.applications.web;

/** The If-Match version is not the current one (412), or a write that needs If-Match came without (428). */
public class PreconditionFailedException extends RuntimeException {

    private final boolean headerMissing;

    private PreconditionFailedException(String detail, boolean missing) {
        super(detail);
        this.headerMissing = missing;
    }

    public static PreconditionFailedException stale(long current) {
        return new PreconditionFailedException(
                "The application was changed meanwhile (current ETag W/\"%d\"); reload it and try again.".formatted(current), false);
    }

    public static PreconditionFailedException missing() {
        return new PreconditionFailedException("This write needs an If-Match header with the application's ETag.", true);
    }

    public boolean headerMissing() {
        return headerMissing;
    }
}
