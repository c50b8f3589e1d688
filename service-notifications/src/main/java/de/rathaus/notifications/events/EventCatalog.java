package de.rathaus.notifications.events;

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

    public static final String APPLICATIONS = "rathaus.applications.v1";
    public static final String PAYMENTS = "rathaus.payments.v1";
    public static final String APPOINTMENTS = "rathaus.appointments.v1";
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
        for (String name : List.of("ApplicationSubmitted", "ApplicationStatusChanged", "InformationRequested",
                "ApplicationDecided", "ApplicationWithdrawn", "ApplicationOverdue", "ApplicationErased", "FeeDue",
                "RefundRequested")) {
            add("applications", name, APPLICATIONS, CAT_APPLICATIONS);
        }
        for (String name : List.of("PaymentRequested", "PaymentSucceeded", "PaymentFailed", "PaymentExpired", "PaymentRefunded")) {
            add("payments", name, PAYMENTS, CAT_PAYMENTS);
        }
        for (String name : List.of("AppointmentReserved", "AppointmentBooked", "AppointmentCancelled", "AppointmentRescheduled",
                "AppointmentCheckedIn", "AppointmentNoShow")) {
            add("appointments", name, APPOINTMENTS, CAT_APPOINTMENTS);
        }
        add("appointments", "AppointmentReminderDue", APPOINTMENTS, CAT_REMINDERS);
        add("appointments", "SlotAvailable", APPOINTMENTS, CAT_WAITLIST);
    }

    private static void add(String service, String name, String topic, String category) {
        String type = "de.rathaus." + service + "." + name + ".v1";
        TYPES.put(type, new EventType(type, name, topic, category));
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
