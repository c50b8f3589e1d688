package de.rathaus.appointments.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ETag {@code W/"<version>"} of an office and the optional If-Match check (RFC 9110 weak comparison). A dozen lines,
 * so written here rather than reaching for Spring's {@code checkNotModified}, which needs the servlet request in
 * the service layer where the version is read under the office lock.
 */
public final class ETags {

    private static final Pattern TAG = Pattern.compile("^\\s*(?:W/)?\"(\\d{1,10})\"\\s*$");

    private ETags() {
    }

    public static String of(int version) {
        return "W/\"" + version + "\"";
    }

    /** Nothing to check without an If-Match header; otherwise it must name the current version (412 if not). */
    public static void check(String ifMatch, int current) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return;
        }
        Matcher m = TAG.matcher(ifMatch);
        if (!m.matches() || Long.parseLong(m.group(1)) != current) {
            throw new PreconditionFailedException(
                    "The office was changed meanwhile (current ETag W/\"%d\"); reload it and try again.".formatted(current));
        }
    }
}
