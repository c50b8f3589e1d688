package de.rathaus.appointments.booking;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Booking rules ({@code rathaus.appointments.booking.*}; the defaults are in application.yml).
 *
 * @param maxOpenPerService open appointments (held or booked, not yet over) one identity may have per service
 * @param reminderLead      how long before the start AppointmentReminderDue is recorded
 */
@ConfigurationProperties("rathaus.appointments.booking")
public record BookingProperties(int maxOpenPerService, Duration reminderLead) {
}
