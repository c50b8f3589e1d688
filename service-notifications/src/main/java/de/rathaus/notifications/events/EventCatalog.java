package de.rathaus.notifications.events;

import de.rathaus.contracts.events.EventTypes;
import de.rathaus.contracts.events.Topics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The domain events of the AsyncAPI catalog that this service consumes (the cross-service contract of
 * {@code contracts/asyncapi.yaml}), with the topic each lives on and the category a citizen can opt out of.
 * Webhook filters are validated against it. Payloads are treated generically (a map), so a producer adding optional
 * fields needs no change here; a new event type is added to this list and, if citizens are to be told, gets templates.
 */
public final class EventCatalog {

    public static final String APPLICATIONS = Topics.APPLICATIONS;
    public static final String PAYMENTS = Topics.PAYMENTS;
    public static final String APPOINTMENTS = Topics.APPOINTMENTS;
    public static final List<String> TOPICS = List.of(APPLICATIONS, PAYMENTS, APPOINTMENTS);

    /** Opt-out categories (e-mail and SMS; the inbox keeps everything). */
    public static final String CAT_APPLICATIONS = "applications";
    public static final String CAT_PAYMENTS = "payments";
    public static final String CAT_APPOINTMENTS = "appointments";
    public static final String CAT_REMINDERS = "appointment-reminders";
    public static final String CAT_WAITLIST = "waitlist";
    public static final List<String> CATEGORIES = List.of(CAT_APPLICATIONS, CAT_PAYMENTS, CAT_APPOINTMENTS, CAT_REMINDERS, CAT_WAITLIST);

    public record EventType(String type, String name, String topic, String category) {
    }

    private static final Map<String, EventType> TYPES = new LinkedHashMap<>();

    static {
        for (String type : EventTypes.ALL) {
            String topic = EventTypes.TOPIC_OF.get(type);
            String category = switch (type) {
                case EventTypes.APPOINTMENT_REMINDER_DUE -> CAT_REMINDERS;
                case EventTypes.SLOT_AVAILABLE -> CAT_WAITLIST;
                default -> switch (topic) {
                    case PAYMENTS -> CAT_PAYMENTS;
                    case APPOINTMENTS -> CAT_APPOINTMENTS;
                    default -> CAT_APPLICATIONS;
                };
            };
            TYPES.put(type, new EventType(type, simpleName(type), topic, category));
        }
    }

    /** {@code de.rathaus.applications.ApplicationSubmitted.v1} is {@code ApplicationSubmitted}. */
    private static String simpleName(String type) {
        String withoutVersion = type.substring(0, type.lastIndexOf('.'));
        return withoutVersion.substring(withoutVersion.lastIndexOf('.') + 1);
    }

    private EventCatalog() {
    }

    public static boolean isKnown(String type) {
        return TYPES.containsKey(type);
    }

    public static EventType get(String type) {
        return TYPES.get(type);
    }

    public static Set<String> types() {
        return new TreeSet<>(TYPES.keySet());
    }

    /** Category for opt-outs; unknown types fall into their topic's category by their service name. */
    public static String category(String type) {
        EventType known = TYPES.get(type);
        if (known != null) {
            return known.category();
        }
        if (type.startsWith("de.rathaus.payments.")) {
            return CAT_PAYMENTS;
        }
        return type.startsWith("de.rathaus.appointments.") ? CAT_APPOINTMENTS : CAT_APPLICATIONS;
    }
}
