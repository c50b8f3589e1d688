package de.rathaus.appointments.clerk;

import de.rathaus.appointments.booking.Appointment;
import de.rathaus.appointments.booking.AppointmentEvents;
import de.rathaus.appointments.booking.AppointmentRepository;
import de.rathaus.appointments.office.Office;
import de.rathaus.appointments.office.OfficeRepository;
import de.rathaus.platform.web.ConflictException;
import de.rathaus.platform.web.InvalidInputException;
import de.rathaus.platform.web.NotFoundException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The clerks' side of an office: day view, check-in, calling the next citizen to a counter, no-shows. */
@Service
class ClerkDesk {

    private static final ZoneId LOCAL = ZoneId.of("Europe/Berlin");

    private final OfficeRepository offices;
    private final AppointmentRepository appointments;
    private final AppointmentEvents events;
    private final Clock clock;

    ClerkDesk(OfficeRepository offices, AppointmentRepository appointments, AppointmentEvents events, Clock clock) {
        this.offices = offices;
        this.appointments = appointments;
        this.events = events;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<Appointment> day(String tenant, UUID officeId, LocalDate day) {
        office(tenant, officeId);
        return appointments.findByOfficeAndDay(tenant, officeId, day == null ? today() : day);
    }

    @Transactional
    public Appointment checkIn(String tenant, UUID officeId, UUID id) {
        Appointment appointment = ofOffice(tenant, officeId, id);
        if (appointment.status() == Appointment.Status.CHECKED_IN) {
            return appointment;
        }
        if (appointment.status() != Appointment.Status.BOOKED) {
            throw new ConflictException("Only a booked appointment can be checked in; this one is %s.".formatted(appointment.status()));
        }
        if (!LocalDate.ofInstant(appointment.startsAt(), LOCAL).equals(today())) {
            throw new ConflictException("The appointment is not today.");
        }
        appointments.checkIn(id, clock.instant());
        Appointment checkedIn = appointments.findById(id).orElseThrow();
        events.checkedIn(checkedIn);
        return checkedIn;
    }

    @Transactional
    public Appointment noShow(String tenant, UUID officeId, UUID id) {
        Appointment appointment = ofOffice(tenant, officeId, id);
        if (appointment.status() == Appointment.Status.NO_SHOW) {
            return appointment;
        }
        if (appointment.status() != Appointment.Status.BOOKED) {
            throw new ConflictException("Only a booked appointment can be a no-show; this one is %s.".formatted(appointment.status()));
        }
        if (appointment.startsAt().isAfter(clock.instant())) {
            throw new ConflictException("The appointment has not begun yet.");
        }
        appointments.setStatus(id, Appointment.Status.NO_SHOW);
        Appointment noShow = appointments.findById(id).orElseThrow();
        events.noShow(noShow);
        return noShow;
    }

    /** Calls the checked-in citizen with the earliest appointment (then earliest arrival) to the counter. */
    @Transactional
    public Optional<Appointment> callNext(String tenant, UUID officeId, int counter) {
        Office office = office(tenant, officeId);
        if (counter > office.counters()) {
            throw new InvalidInputException("counter", "the office has %d counter(s)".formatted(office.counters()));
        }
        return appointments.lockNextCheckedIn(tenant, officeId, today()).map(next -> {
            appointments.call(next.id(), counter, clock.instant());
            return appointments.findById(next.id()).orElseThrow();
        });
    }

    private Office office(String tenant, UUID officeId) {
        LocalDate today = today();
        return offices.find(tenant, officeId, today, today)
                .orElseThrow(() -> new NotFoundException("Office %s does not exist in your municipality.".formatted(officeId)));
    }

    private Appointment ofOffice(String tenant, UUID officeId, UUID id) {
        return appointments.findById(id)
                .filter(a -> a.tenant().equals(tenant) && a.officeId().equals(officeId))
                .orElseThrow(() -> new NotFoundException("Appointment %s does not exist at this office.".formatted(id)));
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(LOCAL));
    }
}
