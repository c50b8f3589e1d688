package de.rathaus.applications.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ETag {@code W/"<version>"} of an application and the If-Match check (RFC 9110 weak comparison). */
public final class ETags {

    private static final Pattern TAG = Pattern.compile("^\\s*(?:W/)?\"(\\d{1,10})\"\\s*$");

    private ETags() {
    }

    public static String of(int version) {
        return "W/\"" + version + "\"";
    }

    /** Null if no If-Match was sent; the version otherwise. An unparseable header never matches a version. */
    public static Integer version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        Matcher m = TAG.matcher(ifMatch);
        return m.matches() ? Integer.valueOf(m.group(1)) : Integer.valueOf(-1);
    }

    /** Checks If-Match against the current version; {@code required} makes a missing header a 428. */
    public static void check(String ifMatch, int current, boolean required) {
        Integer expected = version(ifMatch);
        if (expected == null) {
            if (required) {
                throw PreconditionFailedException.missing();
            }
            return;
        }
        if (expected != current) {
            throw PreconditionFailedException.stale(current);
        }
    }
}
