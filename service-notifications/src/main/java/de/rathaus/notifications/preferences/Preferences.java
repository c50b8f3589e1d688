package de.rathaus.notifications.preferences;

import de.rathaus.notifications.templates.Languages;
import java.time.Instant;
import java.util.List;

/**
 * A citizen's choices: channels besides the inbox (which always gets every notification), language, and the event
 * categories they want no e-mail or SMS for. {@code explicit} is false for the defaults (no choice made yet): then
 * the language follows the citizen's Keycloak locale at send time.
 */
public record Preferences(List<String> channels, String language, List<String> optOuts, Instant updatedAt, boolean explicit) {

    public static final String EMAIL = "EMAIL";
    public static final String SMS = "SMS";
    public static final String INBOX = "INBOX";

    public static Preferences defaults() {
        return new Preferences(List.of(INBOX, EMAIL), Languages.DE, List.of(), null, false);
    }

    public boolean wants(String channel, String category) {
        return channels.contains(channel) && !optOuts.contains(category);
    }
}
