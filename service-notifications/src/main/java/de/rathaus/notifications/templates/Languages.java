package de.rathaus.notifications.templates;

import java.util.List;
import java.util.Locale;

/** Languages of notifications: German, English and German in Leichte Sprache (easy-to-read German). */
public final class Languages {

    public static final String DE = "de";
    public static final String EN = "en";
    public static final String EASY_GERMAN = "de-x-leichte-sprache";
    public static final List<String> ALL = List.of(DE, EN, EASY_GERMAN);

    private Languages() {
    }

    public static boolean isSupported(String language) {
        return ALL.contains(language);
    }

    /** A Keycloak locale ({@code en}, {@code de-DE}) or a preference to a supported language, German by default. */
    public static String normalize(String language) {
        if (language == null || language.isBlank()) {
            return DE;
        }
        String lower = language.toLowerCase(Locale.ROOT);
        if (ALL.contains(lower)) {
            return lower;
        }
        return lower.startsWith("en") ? EN : DE;
    }

    public static Locale locale(String language) {
        return EN.equals(language) ? Locale.ENGLISH : Locale.GERMAN;
    }
}
