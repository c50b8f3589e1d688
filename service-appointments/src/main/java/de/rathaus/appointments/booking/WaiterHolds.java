package de.rathaus.appointments.booking;

import de.rathaus.appointments.booking.AppointmentRepository.Target;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Holds a freed place for the waiter who is told about it (offices with {@code waitlist_hold_minutes} > 0): the place
 * given back is taken again at once by a reservation of the waiter, held for the office's waitlist hold time, so a
 * bot watching the slot search cannot grab what SlotAvailable announced. The waiter confirms it like any
 * reservation; if they do not, the hold expires and the place goes to the next waiter ({@link HoldExpiry}).
 *
 * <p>Runs inside the transaction that gave the place back, which still holds the slot units locked: the units are
 * taken in full or the hold is not made (and the waiter is only told, as without a hold).
 */
@Component
public class WaiterHolds {

    private final JdbcClient jdbc;
    private final AppointmentRepository appointments;
    private final AppointmentEvents events;
    private final BookingProperties properties;
    private final Clock clock;

    WaiterHolds(JdbcClient jdbc, AppointmentRepository appointments, AppointmentEvents events, BookingProperties properties,
                Clock clock) {
        this.jdbc = jdbc;
        this.appointments = appointments;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Reserves the freed run {@code start}-{@code end} for the citizen, held for {@code minutes}.
     *
     * @return the held reservation; empty if the run is no longer bookable as it was (the office changed its
     *         rules or the service's duration), or the citizen is at the fairness limit for the service
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Appointment> hold(String tenant, String citizenId, UUID officeId, String serviceType, Instant start,
                                      Instant end, int minutes) {
        Optional<UUID> slotId = jdbc.sql("select id from slot where office_id = :officeId and service_type = :serviceType and starts_at = :start")
                .param("officeId", officeId).param("serviceType", serviceType).param("start", Timestamp.from(start))
                .query(UUID.class).optional();
        Instant now = clock.instant();
        Optional<Target> target = slotId.flatMap(id -> appointments.target(tenant, id, now))
                .filter(t -> t.offered() && !t.past() && !t.closed() && t.withinOpeningHours() && t.free() > 0
                        // the same units the freed appointment had, all locked by this transaction
                        && t.endsAt().equals(end));
        if (target.isEmpty()) {
            return Optional.empty();
        }
        appointments.lockIdentity(tenant, citizenId, serviceType);
        if (appointments.countOpen(tenant, citizenId, serviceType, now) >= properties.maxOpenPerService()) {
            return Optional.empty();
        }
        if (appointments.take(officeId, serviceType, start, end, target.get().units()) != target.get().units()) {
            // cannot happen while the units are locked and free; never leave a run half taken
            throw new IllegalStateException("A freed run could not be taken again for the waiter");
        }
        UUID id = UUID.randomUUID();
        appointments.insertReservation(id, new Holder(tenant, citizenId, null, citizenId), target.get(),
                now.plus(Duration.ofMinutes(minutes)), null, now);
        Appointment held = appointments.find(tenant, id).orElseThrow();
        events.reserved(held);
        return Optional.of(held);
    }
}
