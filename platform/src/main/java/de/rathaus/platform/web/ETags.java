package de.rathaus.platform.web;

import java.util.OptionalLong;

/**
 * The ETag of a versioned resource, {@code W/"<version>"}, and the If-Match check against its current version
 * (RFC 9110): one helper for every service. Written by hand rather than with Spring's {@code checkNotModified},
 * which needs the servlet request where the service reads the version under its lock.
 */
public final class ETags {

    /** An If-Match naming no version of ours: matches no version. */
    public static final long NO_VERSION = -1;

    private ETags() {
    }

    public static String of(long version) {
        return "W/\"" + version + "\"";
    }

    /**
     * The version an If-Match header names; empty when no header (or {@code *}) was sent. A header in another form
     * (several tags, letters, a number beyond any version) gives {@link #NO_VERSION}.
     */
    public static OptionalLong expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return OptionalLong.empty();
        }
        String tag = ifMatch.strip();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() < 3 || tag.length() > 12 || tag.charAt(0) != '"' || tag.charAt(tag.length() - 1) != '"') {
            return OptionalLong.of(NO_VERSION);
        }
        String digits = tag.substring(1, tag.length() - 1);
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return OptionalLong.of(NO_VERSION);
            }
        }
        long version = Long.parseLong(digits);
        return OptionalLong.of(version > Integer.MAX_VALUE ? NO_VERSION : version);
    }

    /**
     * The version an If-Match names, for a domain that compares it itself: null when none was sent (or {@code *}),
     * {@link #NO_VERSION} for a header that names no version of ours.
     */
    public static Integer version(String ifMatch) {
        OptionalLong expected = expectedVersion(ifMatch);
        return expected.isEmpty() ? null : Integer.valueOf((int) expected.getAsLong());
    }

    /**
     * The version a write that must name one is based on: 428 without If-Match (or with {@code *}, which names none).
     * {@code what} names the resource in the answer.
     */
    public static int required(String ifMatch, String what) {
        Integer expected = version(ifMatch);
        if (expected == null) {
            throw PreconditionFailedException.missing(what);
        }
        return expected;
    }

    /**
     * Checks If-Match against the current version: another version is a 412; a missing header is a 428 when the write
     * {@code required} one and passes otherwise. {@code what} names the resource in the answer.
     */
    public static void check(String ifMatch, long current, boolean required, String what) {
        OptionalLong expected = expectedVersion(ifMatch);
        if (expected.isEmpty()) {
            if (required) {
                throw PreconditionFailedException.missing(what);
            }
            return;
        }
        if (expected.getAsLong() != current) {
            throw PreconditionFailedException.stale(what, current);
        }
    }
}
