package de.rathaus.appointments.clerk;

import de.rathaus.appointments.api.ClerkApi;
import de.rathaus.appointments.api.model.AppointmentDto;
import de.rathaus.appointments.api.model.CallNextRequestDto;
import de.rathaus.appointments.booking.AppointmentMapper;
import de.rathaus.appointments.booking.AppointmentService;
import de.rathaus.platform.security.CurrentUser;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.RestController;

@RestController
@PreAuthorize("hasRole('clerk')")
class ClerkController implements ClerkApi {

    private final ClerkDesk desk;
    private final AppointmentService appointments;
    private final AppointmentMapper mapper;

    ClerkController(ClerkDesk desk, AppointmentService appointments, AppointmentMapper mapper) {
        this.desk = desk;
        this.appointments = appointments;
        this.mapper = mapper;
    }

    @Override
    public ResponseEntity<AppointmentDto> cancelByOffice(UUID officeId, UUID appointmentId) {
        return ResponseEntity.ok(mapper.toDto(appointments.cancelByOffice(CurrentUser.get().tenant(), officeId, appointmentId)));
    }

    @Override
    public ResponseEntity<List<AppointmentDto>> officeDay(UUID officeId, LocalDate date) {
        return ResponseEntity.ok(mapper.toDtos(desk.day(CurrentUser.get().tenant(), officeId, date)));
    }

    @Override
    public ResponseEntity<AppointmentDto> checkIn(UUID officeId, UUID appointmentId) {
        return ResponseEntity.ok(mapper.toDto(desk.checkIn(CurrentUser.get().tenant(), officeId, appointmentId)));
    }

    @Override
    public ResponseEntity<AppointmentDto> noShow(UUID officeId, UUID appointmentId) {
        return ResponseEntity.ok(mapper.toDto(desk.noShow(CurrentUser.get().tenant(), officeId, appointmentId)));
    }

    @Override
    public ResponseEntity<AppointmentDto> callNext(UUID officeId, CallNextRequestDto request) {
        return desk.callNext(CurrentUser.get().tenant(), officeId, request.getCounter())
                .map(a -> ResponseEntity.ok(mapper.toDto(a)))
                .orElseGet(() -> ResponseEntity.noContent().build());
    }
}
