package de.rathaus.appointments.guest;

import de.rathaus.appointments.api.GuestApi;
import de.rathaus.appointments.api.InternalApi;
import de.rathaus.appointments.api.model.AppointmentDto;
import de.rathaus.appointments.api.model.GuestContactDto;
import de.rathaus.appointments.api.model.GuestReservationDto;
import de.rathaus.appointments.api.model.GuestReservationRequestDto;
import de.rathaus.appointments.api.model.RescheduleRequestDto;
import de.rathaus.appointments.api.model.SlotPageDto;
import de.rathaus.appointments.booking.Appointment;
import de.rathaus.appointments.booking.AppointmentEvents;
import de.rathaus.appointments.booking.AppointmentMapper;
import de.rathaus.appointments.booking.CalendarFile;
import de.rathaus.appointments.office.OfficeMapper;
import de.rathaus.appointments.office.OfficeRepository;
import de.rathaus.appointments.office.SlotSearch;
import de.rathaus.platform.web.NotFoundException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.RestController;

/**
 * Token-less guest endpoints under {@code /public/**} (authenticated by the signed link) and the internal contact
 * lookup for service-notifications (role {@code system}).
 */
@RestController
class GuestController implements GuestApi, InternalApi {

    private final GuestBookings guests;
    private final SlotSearch slots;
    private final OfficeRepository offices;
    private final OfficeMapper officeMapper;
    private final AppointmentMapper mapper;
    private final CalendarFile calendar;
    private final Clock clock;

    GuestController(GuestBookings guests, SlotSearch slots, OfficeRepository offices, OfficeMapper officeMapper,
                    AppointmentMapper mapper, CalendarFile calendar, Clock clock) {
        this.guests = guests;
        this.slots = slots;
        this.offices = offices;
        this.officeMapper = officeMapper;
        this.mapper = mapper;
        this.calendar = calendar;
        this.clock = clock;
    }

    @Override
    public ResponseEntity<SlotPageDto> searchSlotsAsGuest(String tenant, String serviceType, LocalDate from, LocalDate to,
                                                          List<UUID> officeId, Integer page, Integer size, String after) {
        if (!offices.tenantHasOffices(tenant)) {
            throw new NotFoundException("Municipality %s has no citizen offices here.".formatted(tenant));
        }
        return ResponseEntity.ok(officeMapper.toDto(slots.search(tenant, serviceType, from, to, officeId,
                page == null ? 0 : page, size == null ? 50 : size, after)));
    }

    @Override
    public ResponseEntity<GuestReservationDto> reserveAsGuest(String tenant, GuestReservationRequestDto request) {
        Appointment held = guests.reserve(tenant, request.getSlotId(), request.getEmail(),
                request.getLanguage() == null ? "de" : request.getLanguage().getValue());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new GuestReservationDto()
                .appointmentId(held.id()).holdUntil(AppointmentEvents.local(held.holdUntil())));
    }

    @Override
    public ResponseEntity<AppointmentDto> getGuestAppointment(String token) {
        return ResponseEntity.ok(mapper.toDto(guests.get(token)));
    }

    @Override
    public ResponseEntity<AppointmentDto> confirmAsGuest(String token) {
        return ResponseEntity.ok(mapper.toDto(guests.confirm(token)));
    }

    @Override
    public ResponseEntity<AppointmentDto> cancelAsGuest(String token) {
        return ResponseEntity.ok(mapper.toDto(guests.cancel(token)));
    }

    @Override
    public ResponseEntity<AppointmentDto> rescheduleAsGuest(String token, RescheduleRequestDto request) {
        return ResponseEntity.ok(mapper.toDto(guests.reschedule(token, request.getSlotId())));
    }

    @Override
    public ResponseEntity<String> guestAppointmentCalendar(String token) {
        Appointment appointment = guests.get(token);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_TYPE, CalendarFile.MEDIA_TYPE)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"termin-%s.ics\"".formatted(appointment.id()))
                .body(calendar.write(appointment, clock.instant()));
    }

    @Override
    @PreAuthorize("hasRole('system')")
    public ResponseEntity<GuestContactDto> getGuestContact(UUID guestContactId) {
        GuestBookings.ContactView contact = guests.contact(guestContactId);
        return ResponseEntity.ok(new GuestContactDto().email(contact.email()).language(contact.language())
                .manageUrl(contact.manageUrl()));
    }
}
