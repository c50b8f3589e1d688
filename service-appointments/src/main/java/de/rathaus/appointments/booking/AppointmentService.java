package de.rathaus.appointments.booking;

import de.rathaus.appointments.booking.AppointmentRepository.Target;
import de.rathaus.contracts.events.AppointmentCancelled.CancelledBy;
import de.rathaus.platform.web.ConflictException;
import de.rathaus.platform.web.InvalidInputException;
import de.rathaus.platform.web.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The life cycle of an appointment: reserve (capacity taken, held for the office's hold time), confirm, cancel,
 * reschedule. Capacity is taken and given back only here and in {@link HoldExpiry}, always in the transaction that
 * changes the appointment and records its event.
 */
@Service
public class AppointmentService {

    private final AppointmentRepository appointments;
    private final AppointmentEvents events;
    private final FreedPlaces freedPlaces;
    private final BookingProperties properties;
    private final FullSlots fullSlots;
    private final Clock clock;

    AppointmentService(AppointmentRepository appointments, AppointmentEvents events, FreedPlaces freedPlaces,
                       BookingProperties properties, FullSlots fullSlots, Clock clock) {
        this.appointments = appointments;
        this.fullSlots = fullSlots;
        this.events = events;
        this.freedPlaces = freedPlaces;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Reserves a place for the holder. Checks everything that can be checked without locks first (cheap answers
     * for the many losers of a race), takes the place, then checks the fairness limit serialised per identity and
     * service (slot rows are always locked before the identity lock, so the two cannot deadlock).
     */
    @Transactional
    public Appointment reserve(Holder holder, UUID slotId, UUID applicationId) {
        Instant now = clock.instant();
        Target target = bookable(holder.tenant(), slotId, now);
        // the place first: the losers of a race leave here with the least work done. It is also taken before the
        // appointment row is inserted, because that row's foreign key share-locks the slot rows, which a
        // multi-unit take() locks exclusively: the other order lets concurrent bookers deadlock.
        takeOrFail(target);
        appointments.lockIdentity(holder.tenant(), holder.identity(), target.serviceType());
        int open = appointments.countOpen(holder.tenant(), holder.identity(), target.serviceType(), now);
        if (open >= properties.maxOpenPerService()) {
            // the exception rolls the taken place back
            throw new ConflictException("You already have %d open appointment(s) for %s; cancel one before booking another."
                    .formatted(open, target.serviceType()));
        }
        UUID id = UUID.randomUUID();
        try {
            appointments.insertReservation(id, holder, target, now.plus(Duration.ofMinutes(target.holdMinutes())), applicationId, now);
        } catch (DuplicateKeyException e) {
            throw new ConflictException("You already hold this slot.");
        }
        Appointment appointment = appointments.find(holder.tenant(), id).orElseThrow();
        events.reserved(appointment);
        return appointment;
    }

    /** Turns a held reservation into a booked appointment while the hold lasts. */
    @Transactional
    public Appointment confirm(Holder holder, UUID id) {
        Appointment appointment = lockOwn(holder, id);
        if (appointment.status() == Appointment.Status.BOOKED) {
            return appointment;
        }
        if (appointment.status() != Appointment.Status.RESERVED) {
            throw new ConflictException("The reservation is %s and cannot be confirmed.".formatted(appointment.status()));
        }
        Instant now = clock.instant();
        if (!appointment.holdUntil().isAfter(now)) {
            throw new ConflictException("The reservation expired at %s; please choose a slot again."
                    .formatted(AppointmentEvents.local(appointment.holdUntil())));
        }
        appointments.confirm(id, now, reminderDue(appointment.startsAt(), now));
        Appointment booked = appointments.find(holder.tenant(), id).orElseThrow();
        events.booked(booked);
        return booked;
    }

    @Transactional
    public Appointment cancel(Holder holder, UUID id) {
        return cancel(lockOwn(holder, id), holder.citizenId() != null ? CancelledBy.CITIZEN : CancelledBy.GUEST);
    }

    /** The office cancels (e.g. a clerk falls ill); the capacity goes back and the holder is told by the event. */
    @Transactional
    public Appointment cancelByOffice(String tenant, UUID officeId, UUID id) {
        Appointment appointment = appointments.lock(tenant, id).filter(a -> a.officeId().equals(officeId))
                .orElseThrow(() -> new NotFoundException("Appointment %s does not exist at this office.".formatted(id)));
        return cancel(appointment, CancelledBy.OFFICE);
    }

    private Appointment cancel(Appointment appointment, CancelledBy by) {
        if (appointment.status() == Appointment.Status.CANCELLED) {
            return appointment;
        }
        if (!appointment.isOpen()) {
            throw new ConflictException("The appointment is %s and can no longer be cancelled.".formatted(appointment.status()));
        }
        Instant now = clock.instant();
        if (!appointment.startsAt().isAfter(now)) {
            throw new ConflictException("The appointment has already begun.");
        }
        appointments.cancel(appointment.id(), by.value(), now);
        appointments.release(appointment.officeId(), appointment.serviceType(), appointment.startsAt(), appointment.endsAt());
        fullSlots.forget(appointment.slotId());
        Appointment cancelled = appointments.find(appointment.tenant(), appointment.id()).orElseThrow();
        events.cancelled(cancelled, by);
        freedPlaces.offer(appointment);
        return cancelled;
    }

    /** Moves a booked appointment to another start of the same office and service; both in one transaction. */
    @Transactional
    public Appointment reschedule(Holder holder, UUID id, UUID newSlotId) {
        Appointment appointment = lockOwn(holder, id);
        if (appointment.status() != Appointment.Status.BOOKED) {
            throw new ConflictException("Only a booked appointment can be rescheduled; this one is %s.".formatted(appointment.status()));
        }
        Instant now = clock.instant();
        if (!appointment.startsAt().isAfter(now)) {
            throw new ConflictException("The appointment has already begun.");
        }
        Target target = bookable(holder.tenant(), newSlotId, now);
        if (!target.officeId().equals(appointment.officeId()) || !target.serviceType().equals(appointment.serviceType())) {
            throw new InvalidInputException("slotId", "must be a slot of the same office and service; book a new appointment otherwise");
        }
        if (target.startsAt().equals(appointment.startsAt())) {
            throw new InvalidInputException("slotId", "is the slot the appointment already has");
        }
        appointments.lockRuns(target.officeId(), target.serviceType(), target.startsAt(), target.endsAt(),
                appointment.startsAt(), appointment.endsAt());
        takeOrFail(target);
        appointments.release(appointment.officeId(), appointment.serviceType(), appointment.startsAt(), appointment.endsAt());
        fullSlots.forget(appointment.slotId());
        try {
            appointments.move(id, target, reminderDue(target.startsAt(), now));
        } catch (DuplicateKeyException e) {
            throw new ConflictException("You already hold that slot.");
        }
        Appointment moved = appointments.find(holder.tenant(), id).orElseThrow();
        events.rescheduled(moved, appointment.startsAt(), appointment.endsAt());
        freedPlaces.offer(appointment);
        return moved;
    }

    @Transactional(readOnly = true)
    public Appointment get(Holder holder, UUID id) {
        return appointments.find(holder.tenant(), id).filter(holder::holds).orElseThrow(() -> notFound(id));
    }

    @Transactional(readOnly = true)
    public List<Appointment> listOwn(Holder holder) {
        return appointments.findByCitizen(holder.tenant(), holder.citizenId());
    }

    /** The slot if it can be booked at {@code now}; otherwise a 4xx naming the reason, and nothing has changed. */
    private Target bookable(String tenant, UUID slotId, Instant now) {
        Target target = appointments.target(tenant, slotId, now)
                .orElseThrow(() -> new NotFoundException("Slot %s does not exist in your municipality.".formatted(slotId)));
        if (!target.offered()) {
            throw new InvalidInputException("slotId", "the office no longer offers the service %s".formatted(target.serviceType()));
        }
        if (target.past()) {
            throw new InvalidInputException("slotId", "the slot lies in the past");
        }
        if (target.closed() || !target.withinOpeningHours()) {
            throw new InvalidInputException("slotId", "the office is closed at that time (opening hours, closure or public holiday)");
        }
        if (!target.bookableYet()) {
            throw new ConflictException("The slot is too soon to be booked (the office's booking window).");
        }
        if (!target.bookableStill()) {
            throw new ConflictException("The slot is not bookable yet: days are released one by one at the office's release time.");
        }
        if (target.free() <= 0) {
            fullSlots.markFull(target.slotId());
            throw new ConflictException("The slot is fully booked.");
        }
        return target;
    }

    private void takeOrFail(Target target) {
        if (appointments.take(target.officeId(), target.serviceType(), target.startsAt(), target.endsAt(), target.units()) != target.units()) {
            // some unit was full when its turn came: the exception rolls back the units already taken
            fullSlots.markFull(target.slotId());
            throw new ConflictException("The slot is fully booked.");
        }
    }

    private Appointment lockOwn(Holder holder, UUID id) {
        return appointments.lock(holder.tenant(), id).filter(holder::holds).orElseThrow(() -> notFound(id));
    }

    private Instant reminderDue(Instant startsAt, Instant now) {
        Instant due = startsAt.minus(properties.reminderLead());
        // booked inside the lead time: the booking confirmation is the reminder
        return due.isAfter(now) ? due : null;
    }

    static NotFoundException notFound(UUID id) {
        return new NotFoundException("Appointment %s does not exist or is not yours.".formatted(id));
    }
}
