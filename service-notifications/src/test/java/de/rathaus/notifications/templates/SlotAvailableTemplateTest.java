package de.rathaus.notifications.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The default SlotAvailable message says what the waiter has to do: confirm a held place, or book. */
class SlotAvailableTemplateTest {

    private static final String TYPE = "de.rathaus.appointments.SlotAvailable.v1";
    private final TemplateEngine engine = new TemplateEngine();
    private final DefaultTemplates defaults = new DefaultTemplates(engine);

    private String text(String language, Map<String, Object> extra) {
        Map<String, Object> data = new HashMap<>(Map.of("officeName", "Bürgerbüro Mitte", "start", "2026-12-03T09:30:00+01:00",
                "end", "2026-12-03T09:45:00+01:00"));
        data.putAll(extra);
        return engine.render(defaults.find(TYPE, language).orElseThrow(), data, Map.of(), language, Map.of()).text();
    }

    @Test
    void aPlaceHeldForTheWaiterAsksForConfirmation() {
        assertThat(text("de", Map.of("reason", "FREED", "holdUntil", "2026-11-30T12:15:00+01:00")))
                .contains("für Sie frei geworden").contains("12:15").contains("bestätigen").doesNotContain("schnell");
        assertThat(text("en", Map.of("reason", "FREED", "holdUntil", "2026-11-30T12:15:00+01:00")))
                .contains("held for you").contains("confirm");
    }

    @Test
    void releasedDaysAndFreedPlacesWithoutHoldAskToBook() {
        assertThat(text("de", Map.of("reason", "RELEASED"))).contains("Neue Termine sind freigegeben").contains("09:30");
        assertThat(text("de", Map.of("reason", "FREED"))).contains("Buchen Sie ihn schnell").doesNotContain("bestätigen");
        assertThat(text("de", Map.of())).as("events of before the reason field").contains("Buchen Sie ihn schnell");
        assertThat(text("en", Map.of("reason", "RELEASED"))).contains("New appointments have been released");
    }
}
