package de.rathaus.appointments;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the appointments service ({@code appointments.*}).
 *
 * @param maxOpenPerService open appointments (held or booked, not yet over) one identity may have per service
 * @param reminderLead      how long before the start AppointmentReminderDue is recorded
 * @param jobInterval       how often the hold-expiry and reminder jobs look for work
 * @param links             signed links for guests
 */
@ConfigurationProperties("appointments")
public record AppointmentsProperties(@DefaultValue("1") int maxOpenPerService,
                                     @DefaultValue("PT24H") Duration reminderLead,
                                     @DefaultValue("PT30S") Duration jobInterval,
                                     Links links) {

    /**
     * @param secret    HMAC-SHA256 key of guest links, at least 32 characters; rotate by changing it (old links stop working)
     * @param manageUrl page of the citizen portal that opens a link; the token is appended as {@code ?token=}
     */
    public record Links(String secret, @DefaultValue("http://localhost:8080/termine/verwalten") String manageUrl) {
    }
}
