package de.rathaus.appointments.booking;

import de.rathaus.platform.security.CurrentUser;
import java.util.Locale;
import java.util.UUID;

/**
 * Who holds an appointment: a logged-in citizen (Keycloak subject) or a guest (contact id, e-mail address).
 * {@code identity} is what the fairness limit counts per service: the subject, or the normalised e-mail address.
 */
public record Holder(String tenant, String citizenId, UUID guestContactId, String identity) {

    public static Holder citizen(CurrentUser user) {
        return new Holder(user.tenant(), user.subject(), null, user.subject());
    }

    public static Holder guest(String tenant, UUID guestContactId, String email) {
        return new Holder(tenant, null, guestContactId, guestIdentity(email));
    }

    public static String guestIdentity(String email) {
        return "guest:" + email.trim().toLowerCase(Locale.ROOT);
    }

    boolean holds(Appointment appointment) {
        return appointment.tenant().equals(tenant)
                && (citizenId != null ? citizenId.equals(appointment.citizenId()) : guestContactId.equals(appointment.guestContactId()));
    }
}
