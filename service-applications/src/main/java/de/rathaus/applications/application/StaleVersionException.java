package de.rathaus.applications.application;

/**
 * A write based on a version of the case that is no longer current: somebody changed it meanwhile. The client
 * reloads the case and decides again (the web layer answers 412 with the current ETag).
 */
public class StaleVersionException extends RuntimeException {

    private final int currentVersion;

    StaleVersionException(int currentVersion) {
        // an expected answer to the client, like the platform's ConflictException: no stack trace
        super("The application was changed meanwhile (now version %d); reload it and try again.".formatted(currentVersion),
                null, false, false);
        this.currentVersion = currentVersion;
    }

    public int currentVersion() {
        return currentVersion;
    }
}
