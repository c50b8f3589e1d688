package de.rathaus.appointments.booking;

import de.rathaus.contracts.events.AppointmentBooked;
import de.rathaus.contracts.events.AppointmentCancelled;
import de.rathaus.contracts.events.AppointmentCheckedIn;
import de.rathaus.contracts.events.AppointmentNoShow;
import de.rathaus.contracts.events.AppointmentReminderDue;
import de.rathaus.contracts.events.AppointmentRescheduled;
import de.rathaus.contracts.events.AppointmentReserved;
import de.rathaus.contracts.events.EventTypes;
import de.rathaus.contracts.events.Topics;
import de.rathaus.platform.events.EventOutbox;
import de.rathaus.platform.events.EventSpec;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.springframework.stereotype.Component;

/**
 * The events of the appointments topic (key = appointment id). Payloads carry ids and public office data only:
 * a guest's e-mail address stays in this service and is resolved by service-notifications through the internal
 * guest-contacts endpoint. Every method must run inside the transaction that changes the appointment.
 */
@Component
public class AppointmentEvents {

    public static final String TOPIC = Topics.APPOINTMENTS;
    public static final EventSpec RESERVED = spec(EventTypes.APPOINTMENT_RESERVED, EventTypes.APPOINTMENT_RESERVED_SCHEMA);
    public static final EventSpec BOOKED = spec(EventTypes.APPOINTMENT_BOOKED, EventTypes.APPOINTMENT_BOOKED_SCHEMA);
    public static final EventSpec CANCELLED = spec(EventTypes.APPOINTMENT_CANCELLED, EventTypes.APPOINTMENT_CANCELLED_SCHEMA);
    public static final EventSpec RESCHEDULED = spec(EventTypes.APPOINTMENT_RESCHEDULED, EventTypes.APPOINTMENT_RESCHEDULED_SCHEMA);
    public static final EventSpec REMINDER_DUE = spec(EventTypes.APPOINTMENT_REMINDER_DUE, EventTypes.APPOINTMENT_REMINDER_DUE_SCHEMA);
    public static final EventSpec CHECKED_IN = spec(EventTypes.APPOINTMENT_CHECKED_IN, EventTypes.APPOINTMENT_CHECKED_IN_SCHEMA);
    public static final EventSpec NO_SHOW = spec(EventTypes.APPOINTMENT_NO_SHOW, EventTypes.APPOINTMENT_NO_SHOW_SCHEMA);
    public static final EventSpec SLOT_AVAILABLE = spec(EventTypes.SLOT_AVAILABLE, EventTypes.SLOT_AVAILABLE_SCHEMA);
    private static final ZoneId LOCAL = ZoneId.of("Europe/Berlin");

    private final EventOutbox outbox;

    AppointmentEvents(EventOutbox outbox) {
        this.outbox = outbox;
    }

    private static EventSpec spec(String type, String schemaFile) {
        return EventSpec.of(TOPIC, type, schemaFile);
    }

    public static OffsetDateTime local(Instant instant) {
        return instant == null ? null : instant.atZone(LOCAL).toOffsetDateTime();
    }

    private void record(EventSpec spec, Appointment a, Object payload) {
        outbox.record(spec, a.id().toString(), a.tenant(), payload);
    }

    void reserved(Appointment a) {
        record(RESERVED, a, new AppointmentReserved(a.id(), a.citizenId(), a.guestContactId(), a.officeId(), a.officeName(), a.officeAddress(), a.serviceType(),
                local(a.startsAt()), local(a.endsAt()), a.applicationId(), local(a.holdUntil())));
    }

    void booked(Appointment a) {
        record(BOOKED, a, new AppointmentBooked(a.id(), a.citizenId(), a.guestContactId(), a.officeId(), a.officeName(), a.officeAddress(), a.serviceType(),
                local(a.startsAt()), local(a.endsAt()), a.applicationId()));
    }

    void cancelled(Appointment a, AppointmentCancelled.CancelledBy by) {
        record(CANCELLED, a, new AppointmentCancelled(a.id(), a.citizenId(), a.guestContactId(), a.officeId(), a.officeName(), a.officeAddress(), a.serviceType(),
                local(a.startsAt()), local(a.endsAt()), a.applicationId(), by));
    }

    void rescheduled(Appointment a, Instant previousStart, Instant previousEnd) {
        record(RESCHEDULED, a, new AppointmentRescheduled(a.id(), a.citizenId(), a.guestContactId(), a.officeId(), a.officeName(), a.officeAddress(), a.serviceType(),
                local(a.startsAt()), local(a.endsAt()), a.applicationId(),
                local(previousStart), local(previousEnd)));
    }

    void reminderDue(Appointment a) {
        record(REMINDER_DUE, a, new AppointmentReminderDue(a.id(), a.citizenId(), a.guestContactId(), a.officeId(), a.officeName(), a.officeAddress(), a.serviceType(),
                local(a.startsAt()), local(a.endsAt()), a.applicationId()));
    }

    public void checkedIn(Appointment a) {
        record(CHECKED_IN, a, new AppointmentCheckedIn(a.id(), a.citizenId(), a.guestContactId(), a.officeId(), a.officeName(), a.officeAddress(), a.serviceType(),
                local(a.startsAt()), local(a.endsAt()), a.applicationId()));
    }

    public void noShow(Appointment a) {
        record(NO_SHOW, a, new AppointmentNoShow(a.id(), a.citizenId(), a.guestContactId(), a.officeId(), a.officeName(), a.officeAddress(), a.serviceType(),
                local(a.startsAt()), local(a.endsAt()), a.applicationId()));
    }
}
