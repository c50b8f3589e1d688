package de.rathaus.appointments.office;

/**
 * What the caller expects of an office's version (over HTTP: the If-Match header), checked by {@link OfficeAdmin}
 * under the office's lock. How the expectation is written and how a mismatch is answered belongs to the caller, so the
 * administration stays free of web types.
 */
@FunctionalInterface
public interface ExpectedVersion {

    /** Throws if {@code current} is not the version the caller expects; nothing has changed then. */
    void check(int current);
}
