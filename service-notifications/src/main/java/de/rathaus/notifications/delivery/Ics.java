package de.rathaus.notifications.delivery;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import biweekly.property.Method;
import biweekly.property.Status;
import de.rathaus.contracts.events.EventTypes;
import de.rathaus.contracts.events.Topics;
import de.rathaus.notifications.events.ReceivedEvent;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.Optional;

/**
 * The iCalendar attachment of appointment e-mails, built from the event's public data (office, start, end). One UID
 * per appointment, so calendars update the entry on reschedule and remove it on cancellation (METHOD:CANCEL).
 */
final class Ics {

    private Ics() {
    }

    static Optional<byte[]> forEvent(ReceivedEvent event, String summary) {
        String appointmentId = event.string("appointmentId");
        if (appointmentId == null || !Topics.APPOINTMENTS.equals(EventTypes.TOPIC_OF.get(event.type()))) {
            return Optional.empty();
        }
        Date start = date(event.string("start"));
        Date end = date(event.string("end"));
        if (start == null || end == null) {
            return Optional.empty();
        }
        boolean cancelled = event.type().endsWith(".AppointmentCancelled.v1");
        ICalendar calendar = new ICalendar();
        calendar.setProductId("-//Digitales Rathaus//Notifications//DE");
        calendar.setMethod(cancelled ? Method.cancel() : Method.publish());
        VEvent vevent = new VEvent();
        vevent.setUid(appointmentId + "@digitales-rathaus.de");
        vevent.setSummary(summary);
        vevent.setDateStart(start);
        vevent.setDateEnd(end);
        // the newer the event, the higher the sequence: calendars keep the latest state
        vevent.setSequence(event.time() == null ? 0 : (int) (event.time().getEpochSecond() - 1_700_000_000L));
        String office = event.string("officeName");
        String address = event.string("officeAddress");
        if (office != null || address != null) {
            vevent.setLocation(office == null ? address : address == null ? office : office + ", " + address);
        }
        vevent.setStatus(cancelled ? Status.cancelled() : Status.confirmed());
        calendar.addEvent(vevent);
        return Optional.of(Biweekly.write(calendar).go().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static Date date(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Date.from(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
