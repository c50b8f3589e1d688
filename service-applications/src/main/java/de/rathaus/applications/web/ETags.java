package de.rathaus.applications.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ETag {@code W/"<version>"} of an application and the version an If-Match names (RFC 9110 weak comparison). */
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

    /**
     * The version a write that must send If-Match is based on (clerks': 428 without it). The comparison with the
     * current version is the case's own ({@code Application.checkVersion}): 412 when they differ.
     */
    public static int required(String ifMatch) {
        Integer expected = version(ifMatch);
        if (expected == null) {
            throw new PreconditionRequiredException();
        }
        return expected;
    }
}
