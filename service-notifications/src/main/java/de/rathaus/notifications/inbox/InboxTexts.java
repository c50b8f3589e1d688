package de.rathaus.notifications.inbox;

import de.rathaus.contracts.events.ApplicationStatusChanged;
import de.rathaus.contracts.events.ApplicationSubmitted;
import de.rathaus.contracts.events.AppointmentBooked;
import de.rathaus.contracts.events.PaymentRequested;
import de.rathaus.platform.events.EventData;
import io.cloudevents.CloudEvent;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * German inbox texts per event type, and whom they are for (the citizen id in the payload). Events that concern no
 * citizen yield nothing. (Templates per tenant and language, edited by admins, come with the notifications issue.)
 */
@Component
class InboxTexts {

    private static final ZoneId LOCAL = ZoneId.of("Europe/Berlin");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE, d. MMMM yyyy", Locale.GERMAN);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.GERMAN);
    private static final Map<String, String> STATUS = Map.of(
            "SUBMITTED", "eingegangen", "AWAITING_PAYMENT", "wartet auf Zahlung", "IN_REVIEW", "in Bearbeitung",
            "INFORMATION_REQUESTED", "Rückfrage an Sie", "SUSPENDED", "ruht", "APPROVED", "bewilligt",
            "REJECTED", "abgelehnt", "CLOSED", "abgeschlossen", "WITHDRAWN", "zurückgezogen");

    private final EventData data;

    InboxTexts(EventData data) {
        this.data = data;
    }

    record Text(String recipientId, String title, String body) {
    }

    Optional<Text> render(CloudEvent event) {
        return Optional.ofNullable(switch (event.getType()) {
            case "de.rathaus.applications.ApplicationSubmitted.v1" -> {
                ApplicationSubmitted e = data.read(event, ApplicationSubmitted.class);
                yield new Text(e.getCitizenId(), "Antrag eingegangen",
                        "Ihr Antrag (%s) ist eingegangen. Vorgangsnummer: %s.".formatted(e.getServiceType(), e.getApplicationId()));
            }
            case "de.rathaus.applications.ApplicationStatusChanged.v1" -> {
                ApplicationStatusChanged e = data.read(event, ApplicationStatusChanged.class);
                yield new Text(e.getCitizenId(), "Neuer Bearbeitungsstand",
                        "Ihr Antrag %s ist jetzt: %s.".formatted(e.getApplicationId(), STATUS.getOrDefault(e.getStatus(), e.getStatus())));
            }
            case "de.rathaus.payments.PaymentRequested.v1" -> {
                PaymentRequested e = data.read(event, PaymentRequested.class);
                yield new Text(e.getCitizenId(), "Gebühr fällig",
                        "Für Ihren Antrag %s ist eine Gebühr von %s € fällig.".formatted(e.getReferenceId(), euros(e.getAmountCents())));
            }
            case "de.rathaus.appointments.AppointmentBooked.v1" -> {
                AppointmentBooked e = data.read(event, AppointmentBooked.class);
                var start = e.getStartsAt().atZoneSameInstant(LOCAL);
                yield new Text(e.getCitizenId(), "Termin gebucht",
                        "Ihr Termin am %s um %s Uhr ist gebucht.".formatted(DAY.format(start), TIME.format(start)));
            }
            default -> null;
        });
    }

    private static String euros(long cents) {
        return String.format(Locale.GERMAN, "%d,%02d", cents / 100, cents % 100);
    }
}
