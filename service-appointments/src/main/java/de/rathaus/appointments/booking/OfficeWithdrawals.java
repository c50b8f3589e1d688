package de.rathaus.appointments.booking;

import de.rathaus.contracts.events.AppointmentCancelled.CancelledBy;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Brings the upcoming slot units of an office in line with its current rules after an admin changed them (closure,
 * opening hours, services, capacity, federal state): every unit gets the capacity the rules give it now, 0 where
 * the office is closed or no longer offers the service. Where more places are taken than that, the most recent
 * reservations and appointments covering the unit are cancelled by the office (held reservations before booked
 * appointments; AppointmentCancelled with {@code cancelledBy} OFFICE through the outbox), all in the caller's
 * transaction. Their places are not offered to waiters: they no longer exist.
 *
 * <p>Lock order, the same as a citizen's cancel and the hold expiry: appointment rows first, then slot rows in start
 * order (as bookings take them), so administration does not deadlock with the booking traffic. Slot rows stay
 * locked until the commit: a booking racing with the change waits and then finds the unit's new capacity.
 */
@Component
public class OfficeWithdrawals {

    private final JdbcClient jdbc;
    private final AppointmentRepository appointments;
    private final AppointmentEvents events;
    private final Clock clock;

    OfficeWithdrawals(JdbcClient jdbc, AppointmentRepository appointments, AppointmentEvents events, Clock clock) {
        this.jdbc = jdbc;
        this.appointments = appointments;
        this.events = events;
        this.clock = clock;
    }

    /** What a change did to existing reservations and appointments. */
    public record Outcome(int cancelledAppointments, int releasedHolds) {

        public static final Outcome NONE = new Outcome(0, 0);
    }

    /** A slot unit in scope, locked (so {@code booked} is current), with the capacity the office's rules give it now. */
    record Unit(UUID id, String serviceType, Instant startsAt, int capacity, int booked, int target) {
    }

    /**
     * Reconciles the office's upcoming slot units in scope.
     *
     * @param serviceType only units of this service; all if null
     * @param from        only units starting at or after it; from now if null
     * @param to          only units starting before it; to the horizon if null
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Outcome reconcile(UUID officeId, String serviceType, Instant from, Instant to) {
        Instant now = clock.instant();
        Instant lower = from == null || from.isBefore(now) ? now : from;
        Instant upper = to == null ? Instant.parse("9999-12-31T00:00:00Z") : to;
        lockOpenAppointments(officeId, serviceType, lower, upper);
        List<Unit> units = lockUnits(officeId, serviceType, lower, upper);
        int cancelled = 0;
        int released = 0;
        for (Unit unit : units) {
            if (unit.booked() <= unit.target()) {
                // cancellations only give places back: a unit that fits stays fitting
                continue;
            }
            // re-read: cancelling an appointment of a longer service may already have freed this unit
            int excess = booked(unit.id()) - unit.target();
            if (excess <= 0) {
                continue;
            }
            for (Appointment victim : lockCovering(officeId, unit, excess, now)) {
                appointments.cancel(victim.id(), CancelledBy.OFFICE.value(), now);
                appointments.release(victim.officeId(), victim.serviceType(), victim.startsAt(), victim.endsAt());
                events.cancelled(appointments.find(victim.tenant(), victim.id()).orElseThrow(), CancelledBy.OFFICE);
                if (victim.status() == Appointment.Status.RESERVED) {
                    released++;
                } else {
                    cancelled++;
                }
            }
        }
        setCapacities(units);
        return new Outcome(cancelled, released);
    }

    private void lockOpenAppointments(UUID officeId, String serviceType, Instant from, Instant to) {
        jdbc.sql("""
                select id from appointment
                where office_id = :officeId and (cast(:serviceType as text) is null or service_type = cast(:serviceType as text))
                  and status in ('RESERVED', 'BOOKED') and ends_at > :from and starts_at < :to
                order by id
                for update
                """)
                .param("officeId", officeId).param("serviceType", serviceType)
                .param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query((rs, row) -> 1).list();
    }

    private List<Unit> lockUnits(UUID officeId, String serviceType, Instant from, Instant to) {
        return jdbc.sql("""
                select s.id, s.service_type, s.starts_at, s.capacity, s.booked,
                       case when os.office_id is null then 0
                            when exists (select 1 from office_closure c where c.office_id = o.id and c.day = l.day)
                              or exists (select 1 from public_holiday h where h.federal_state = o.federal_state and h.day = l.day) then 0
                            when not exists (select 1 from opening_hours h
                                             where h.office_id = o.id and h.day_of_week = extract(isodow from l.day)
                                               and l.start_time >= h.opens_at
                                               and l.start_time + make_interval(mins => o.slot_minutes) <= h.closes_at) then 0
                            else os.capacity end as target
                from slot s
                join office o on o.id = s.office_id
                left join office_service os on os.office_id = s.office_id and os.service_type = s.service_type
                cross join lateral (select (s.starts_at at time zone o.time_zone)::date as day,
                                           (s.starts_at at time zone o.time_zone)::time as start_time) l
                where s.office_id = :officeId and (cast(:serviceType as text) is null or s.service_type = cast(:serviceType as text))
                  and s.starts_at >= :from and s.starts_at < :to
                order by s.starts_at, s.service_type
                for update of s
                """)
                .param("officeId", officeId).param("serviceType", serviceType)
                .param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query(Unit.class).list();
    }

    private int booked(UUID unitId) {
        return jdbc.sql("select booked from slot where id = :id").param("id", unitId).query(Integer.class).single();
    }

    /** The open, not yet begun appointments taking a place in the unit: held ones first, then the most recent. */
    private List<Appointment> lockCovering(UUID officeId, Unit unit, int limit, Instant now) {
        return jdbc.sql(AppointmentRepository.SELECT + """
                 where a.office_id = :officeId and a.service_type = :serviceType and a.status in ('RESERVED', 'BOOKED')
                   and a.starts_at <= :unitStart and a.ends_at > :unitStart and a.starts_at > :now
                 order by (a.status = 'RESERVED') desc, a.created_at desc, a.id
                 limit :limit
                 for update of a
                """)
                .param("officeId", officeId).param("serviceType", unit.serviceType())
                .param("unitStart", Timestamp.from(unit.startsAt())).param("now", Timestamp.from(now)).param("limit", limit)
                .query(Appointment.class).list();
    }

    /** The new capacities; never below what is taken (an appointment that has already begun keeps its place). */
    private void setCapacities(List<Unit> units) {
        List<Unit> changed = units.stream().filter(u -> u.capacity() != u.target()).toList();
        if (changed.isEmpty()) {
            return;
        }
        jdbc.sql("""
                update slot s set capacity = greatest(t.target, s.booked)
                from unnest(cast(:ids as uuid[]), cast(:targets as integer[])) as t(id, target)
                where s.id = t.id and s.capacity <> greatest(t.target, s.booked)
                """)
                .param("ids", changed.stream().map(Unit::id).toArray(UUID[]::new))
                .param("targets", changed.stream().map(Unit::target).toArray(Integer[]::new))
                .update();
    }
}
