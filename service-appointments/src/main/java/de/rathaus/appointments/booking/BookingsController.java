package de.rathaus.appointments.booking;

import de.rathaus.appointments.api.BookingsApi;
import de.rathaus.appointments.api.model.AppointmentDto;
import de.rathaus.appointments.api.model.RescheduleRequestDto;
import de.rathaus.appointments.api.model.ReservationRequestDto;
import de.rathaus.platform.security.CurrentUser;
import de.rathaus.platform.web.ConflictException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.RestController;

@RestController
@PreAuthorize("hasRole('citizen')")
class BookingsController implements BookingsApi {

    private final AppointmentService service;
    private final FullSlots fullSlots;
    private final AppointmentMapper mapper;
    private final CalendarFile calendar;
    private final Clock clock;

    BookingsController(AppointmentService service, FullSlots fullSlots, AppointmentMapper mapper, CalendarFile calendar, Clock clock) {
        this.service = service;
        this.fullSlots = fullSlots;
        this.mapper = mapper;
        this.calendar = calendar;
        this.clock = clock;
    }

    private static Holder me() {
        return Holder.citizen(CurrentUser.get());
    }

    @Override
    public ResponseEntity<AppointmentDto> reserveSlot(ReservationRequestDto request) {
        if (fullSlots.isKnownFull(request.getSlotId())) {
            // refused before a transaction (and a connection) is opened; see FullSlots
            throw new ConflictException("The slot is fully booked.");
        }
        Appointment appointment = service.reserve(me(), request.getSlotId(), request.getApplicationId());
        return ResponseEntity.created(URI.create("/api/v1/appointments/bookings/" + appointment.id())).body(mapper.toDto(appointment));
    }

    @Override
    public ResponseEntity<AppointmentDto> confirmAppointment(UUID appointmentId) {
        return ResponseEntity.ok(mapper.toDto(service.confirm(me(), appointmentId)));
    }

    @Override
    public ResponseEntity<AppointmentDto> cancelAppointment(UUID appointmentId) {
        return ResponseEntity.ok(mapper.toDto(service.cancel(me(), appointmentId)));
    }

    @Override
    public ResponseEntity<AppointmentDto> rescheduleAppointment(UUID appointmentId, RescheduleRequestDto request) {
        return ResponseEntity.ok(mapper.toDto(service.reschedule(me(), appointmentId, request.getSlotId())));
    }

    @Override
    public ResponseEntity<List<AppointmentDto>> listMyAppointments() {
        return ResponseEntity.ok(mapper.toDtos(service.listOwn(me())));
    }

    @Override
    public ResponseEntity<AppointmentDto> getAppointment(UUID appointmentId) {
        return ResponseEntity.ok(mapper.toDto(service.get(me(), appointmentId)));
    }

    @Override
    public ResponseEntity<String> appointmentCalendar(UUID appointmentId) {
        Appointment appointment = service.get(me(), appointmentId);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_TYPE, CalendarFile.MEDIA_TYPE)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"termin-%s.ics\"".formatted(appointment.id()))
                .body(calendar.write(appointment, clock.instant()));
    }
}
