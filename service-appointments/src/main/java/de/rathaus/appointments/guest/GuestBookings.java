package de.rathaus.appointments.guest;

import de.rathaus.appointments.booking.Appointment;
import de.rathaus.appointments.booking.AppointmentRepository;
import de.rathaus.appointments.booking.AppointmentService;
import de.rathaus.appointments.booking.Holder;
import de.rathaus.appointments.office.OfficeRepository;
import de.rathaus.platform.web.NotFoundException;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Bookings without an account. A guest reserves with an e-mail address; service-notifications mails the signed
 * link (AppointmentReserved carries the guest contact id, the link comes from the internal endpoint), and opening
 * it confirms the booking, which proves the address. The same kind of link later cancels or reschedules.
 */
@Service
public class GuestBookings {

    private final AppointmentService appointments;
    private final AppointmentRepository repository;
    private final GuestContacts contacts;
    private final OfficeRepository offices;
    private final GuestLinks links;
    private final Clock clock;

    GuestBookings(AppointmentService appointments, AppointmentRepository repository, GuestContacts contacts,
                  OfficeRepository offices, GuestLinks links, Clock clock) {
        this.appointments = appointments;
        this.repository = repository;
        this.contacts = contacts;
        this.offices = offices;
        this.links = links;
        this.clock = clock;
    }

    @Transactional
    public Appointment reserve(String tenant, UUID slotId, String email, String language) {
        if (!offices.tenantHasOffices(tenant)) {
            throw new NotFoundException("Municipality %s has no citizen offices here.".formatted(tenant));
        }
        UUID contactId = contacts.insert(tenant, email, language, clock.instant());
        return appointments.reserve(Holder.guest(tenant, contactId, email), slotId, null);
    }

    /** The guest's appointment behind a link, with the holder the link stands for. */
    public Appointment get(String token) {
        return repository.findById(links.verify(token)).filter(Appointment::isGuest)
                .orElseThrow(() -> new NotFoundException("The appointment of this link does not exist."));
    }

    public Holder holder(Appointment appointment) {
        GuestContacts.GuestContact contact = contacts.find(appointment.guestContactId()).orElseThrow();
        return Holder.guest(appointment.tenant(), contact.id(), contact.email());
    }

    public Appointment confirm(String token) {
        Appointment appointment = get(token);
        return appointments.confirm(holder(appointment), appointment.id());
    }

    public Appointment cancel(String token) {
        Appointment appointment = get(token);
        return appointments.cancel(holder(appointment), appointment.id());
    }

    public Appointment reschedule(String token, UUID slotId) {
        Appointment appointment = get(token);
        return appointments.reschedule(holder(appointment), appointment.id(), slotId);
    }

    /**
     * Contact and link for service-notifications: while reserved the link confirms and expires with the hold,
     * afterwards it manages the appointment until its end.
     */
    @Transactional(readOnly = true)
    public ContactView contact(UUID guestContactId) {
        GuestContacts.GuestContact contact = contacts.find(guestContactId)
                .orElseThrow(() -> new NotFoundException("Guest contact %s does not exist.".formatted(guestContactId)));
        Appointment appointment = repository.findByGuestContact(guestContactId)
                .orElseThrow(() -> new NotFoundException("Guest contact %s has no appointment.".formatted(guestContactId)));
        var expires = appointment.status() == Appointment.Status.RESERVED ? appointment.holdUntil() : appointment.endsAt();
        return new ContactView(contact.email(), contact.language(), links.manageUrl(appointment.id(), expires));
    }

    public record ContactView(String email, String language, String manageUrl) {
    }
}
