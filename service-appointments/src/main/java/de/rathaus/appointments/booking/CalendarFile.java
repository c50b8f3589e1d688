package de.rathaus.appointments.booking;

import biweekly.ICalVersion;
import biweekly.io.text.ICalWriter;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import biweekly.property.Geo;
import biweekly.property.Method;
import biweekly.property.Status;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import org.springframework.stereotype.Component;

/** An appointment as an iCalendar (RFC 5545) file; biweekly does the escaping, line folding and formats. */
@Component
public class CalendarFile {

    public static final String MEDIA_TYPE = "text/calendar;charset=UTF-8";

    public String write(Appointment appointment, Instant now) {
        ICalendar calendar = new ICalendar();
        calendar.setProductId("-//Digitales Rathaus//Termine//DE");
        calendar.setMethod(Method.publish());
        VEvent event = new VEvent();
        event.setUid(appointment.id() + "@termine.digitales-rathaus.de");
        event.setDateTimeStamp(Date.from(now));
        event.setDateStart(Date.from(appointment.startsAt()));
        event.setDateEnd(Date.from(appointment.endsAt()));
        event.setSummary("Termin %s – %s".formatted(appointment.serviceType(), appointment.officeName()));
        event.setLocation(appointment.officeName() + ", " + appointment.officeAddress());
        if (appointment.latitude() != null && appointment.longitude() != null) {
            event.setGeo(new Geo(appointment.latitude(), appointment.longitude()));
        }
        event.setDescription("Bitte bringen Sie die nötigen Unterlagen mit. Termin-Nr. " + appointment.id());
        event.setSequence(appointment.version());
        event.setStatus(switch (appointment.status()) {
            case CANCELLED, EXPIRED -> Status.cancelled();
            case RESERVED -> Status.tentative();
            default -> Status.confirmed();
        });
        calendar.addEvent(event);
        StringWriter out = new StringWriter();
        try (ICalWriter writer = new ICalWriter(out, ICalVersion.V2_0)) {
            writer.getVObjectWriter().getFoldedLineWriter().setLineLength(null);
            writer.write(calendar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fold(out.toString());
    }

    /**
     * Folds content lines at 75 octets (RFC 5545 section 3.1). biweekly's writer folds at 75 characters, which
     * lets lines with umlauts exceed 75 octets, so folding is switched off there and done here, never inside a
     * UTF-8 sequence or a surrogate pair.
     */
    static String fold(String unfolded) {
        StringBuilder folded = new StringBuilder(unfolded.length() + 64);
        for (String line : unfolded.split("\r\n")) {
            int octets = 0;
            for (int i = 0; i < line.length(); ) {
                int codePoint = line.codePointAt(i);
                int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
                if (octets + size > 75) {
                    folded.append("\r\n ");
                    octets = 1;
                }
                folded.appendCodePoint(codePoint);
                octets += size;
                i += Character.charCount(codePoint);
            }
            folded.append("\r\n");
        }
        return folded.toString();
    }
}
