package de.rathaus.appointments.booking;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class AppointmentRepository {

    static final String SELECT = """
            select a.id, a.tenant, a.citizen_id, a.guest_contact_id, a.office_id, o.name as office_name,
                   o.address as office_address, o.latitude, o.longitude, a.service_type, a.slot_id, a.starts_at,
                   a.ends_at, a.slot_count, a.status, a.hold_until, a.application_id, a.checked_in_at, a.counter,
                   a.version, a.created_at
            from appointment a join office o on o.id = a.office_id
            """;
    private static final ZoneId LOCAL = ZoneId.of("Europe/Berlin");

    private final JdbcClient jdbc;

    AppointmentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The slot a booking asks for, with its office's rules and whether it can be taken right now. */
    record Target(UUID slotId, String tenant, UUID officeId, String serviceType, Instant startsAt, Instant endsAt,
                  int units, int holdMinutes, boolean offered, boolean past, boolean bookableYet, boolean bookableStill,
                  boolean closed, boolean withinOpeningHours, int free) {
    }

    /** The slot with its office's rules, judged at {@code now} (the service's clock). */
    Optional<Target> target(String tenant, UUID slotId, Instant now) {
        return jdbc.sql("""
                select s.id as slot_id, o.tenant, s.office_id, s.service_type, s.starts_at,
                       s.starts_at + make_interval(mins => o.slot_minutes * coalesce(os.duration_slots, 1)) as ends_at,
                       coalesce(os.duration_slots, 1) as units, o.hold_minutes, os.office_id is not null as offered,
                       s.starts_at <= cast(:now as timestamptz) as past,
                       s.starts_at >= b.bookable_from as bookable_yet, s.starts_at < b.bookable_until as bookable_still,
                       (exists (select 1 from office_closure c where c.office_id = o.id and c.day = l.day)
                        or exists (select 1 from public_holiday h where h.federal_state = o.federal_state and h.day = l.day)) as closed,
                       exists (select 1 from opening_hours h
                               where h.office_id = o.id and h.day_of_week = extract(isodow from l.day)
                                 and l.start_time >= h.opens_at
                                 and l.start_time + make_interval(mins => o.slot_minutes * coalesce(os.duration_slots, 1)) <= h.closes_at) as within_opening_hours,
                       coalesce(run.free, 0) as free
                from slot s
                join office o on o.id = s.office_id
                join office_bookable(cast(:now as timestamptz)) b on b.office_id = o.id
                left join office_service os on os.office_id = s.office_id and os.service_type = s.service_type
                cross join lateral (select (s.starts_at at time zone o.time_zone)::date as day,
                                           (s.starts_at at time zone o.time_zone)::time as start_time) l
                cross join lateral (
                    select case when count(*) = coalesce(os.duration_slots, 1) then min(r.capacity - r.booked) else 0 end as free
                    from slot r
                    where r.office_id = s.office_id and r.service_type = s.service_type and r.starts_at >= s.starts_at
                      and r.starts_at < s.starts_at + make_interval(mins => o.slot_minutes * coalesce(os.duration_slots, 1))
                ) run
                where s.id = :slotId and o.tenant = :tenant
                """)
                .param("slotId", slotId)
                .param("tenant", tenant)
                .param("now", Timestamp.from(now))
                .query(Target.class)
                .optional();
    }

    /**
     * Takes one place in every slot unit of the run, or in none: the units are locked in start order (the same
     * order for every booker, so concurrent multi-unit bookings cannot deadlock), then each is incremented only
     * while it has room. The check constraint {@code booked between 0 and capacity} backs this in the database.
     *
     * @return the number of units taken; less than {@code units} means the caller must roll back
     */
    int take(UUID officeId, String serviceType, Instant startsAt, Instant endsAt, int units) {
        if (units == 1) {
            // one unit: a plain conditional update. A booker that finds the row locked waits for the holder's
            // commit and re-checks the condition; if the slot is full by then it gets 0 rows without taking the
            // lock, so the losers of a race do not queue behind each other.
            return jdbc.sql("""
                    update slot set booked = booked + 1
                    where office_id = :officeId and service_type = :serviceType and starts_at = :from and booked < capacity
                    """)
                    .param("officeId", officeId)
                    .param("serviceType", serviceType)
                    .param("from", Timestamp.from(startsAt))
                    .update();
        }
        return jdbc.sql("""
                with run as (
                    select id from slot
                    where office_id = :officeId and service_type = :serviceType and starts_at >= :from and starts_at < :to
                    order by starts_at
                    for update
                )
                update slot set booked = booked + 1
                where id in (select id from run) and booked < capacity
                """)
                .param("officeId", officeId)
                .param("serviceType", serviceType)
                .param("from", Timestamp.from(startsAt))
                .param("to", Timestamp.from(endsAt))
                .update();
    }

    /** Locks the slot units of two runs of one office and service in start order (reschedule: no deadlocks). */
    void lockRuns(UUID officeId, String serviceType, Instant from1, Instant to1, Instant from2, Instant to2) {
        jdbc.sql("""
                select id from slot
                where office_id = :officeId and service_type = :serviceType
                  and ((starts_at >= :from1 and starts_at < :to1) or (starts_at >= :from2 and starts_at < :to2))
                order by starts_at
                for update
                """)
                .param("officeId", officeId).param("serviceType", serviceType)
                .param("from1", Timestamp.from(from1)).param("to1", Timestamp.from(to1))
                .param("from2", Timestamp.from(from2)).param("to2", Timestamp.from(to2))
                .query((rs, row) -> 1).list();
    }

    /** Gives the places of a run back (cancel, expiry, reschedule). */
    void release(UUID officeId, String serviceType, Instant startsAt, Instant endsAt) {
        jdbc.sql("""
                with run as (
                    select id from slot
                    where office_id = :officeId and service_type = :serviceType and starts_at >= :from and starts_at < :to
                    order by starts_at
                    for update
                )
                update slot set booked = booked - 1 where id in (select id from run)
                """)
                .param("officeId", officeId)
                .param("serviceType", serviceType)
                .param("from", Timestamp.from(startsAt))
                .param("to", Timestamp.from(endsAt))
                .update();
    }

    /**
     * Serialises all bookings of one identity for one service (transaction-scoped advisory lock), so that counting
     * its open appointments and inserting a new one cannot interleave: the fairness limit holds under concurrency.
     */
    void lockIdentity(String tenant, String identity, String serviceType) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .param("key", tenant + '\n' + identity + '\n' + serviceType)
                .query((rs, row) -> 1)
                .list();
    }

    /** Appointments of the identity for the service that are open at {@code now}: held or booked, not yet over. */
    int countOpen(String tenant, String identity, String serviceType, Instant now) {
        return jdbc.sql("""
                select count(*) from appointment
                where tenant = :tenant and identity = :identity and service_type = :serviceType
                  and status in ('RESERVED', 'BOOKED')
                  and (status = 'BOOKED' or hold_until > :now) and ends_at > :now
                """)
                .param("tenant", tenant)
                .param("identity", identity)
                .param("serviceType", serviceType)
                .param("now", Timestamp.from(now))
                .query(Integer.class)
                .single();
    }

    void insertReservation(UUID id, Holder holder, Target target, Instant holdUntil, UUID applicationId, Instant now) {
        jdbc.sql("""
                insert into appointment (id, tenant, citizen_id, guest_contact_id, identity, slot_id, office_id, service_type,
                                         starts_at, ends_at, slot_count, status, hold_until, application_id, created_at)
                values (:id, :tenant, :citizenId, :guestContactId, :identity, :slotId, :officeId, :serviceType,
                        :startsAt, :endsAt, :units, 'RESERVED', :holdUntil, :applicationId, :now)
                """)
                .param("id", id)
                .param("tenant", holder.tenant())
                .param("citizenId", holder.citizenId())
                .param("guestContactId", holder.guestContactId())
                .param("identity", holder.identity())
                .param("slotId", target.slotId())
                .param("officeId", target.officeId())
                .param("serviceType", target.serviceType())
                .param("startsAt", Timestamp.from(target.startsAt()))
                .param("endsAt", Timestamp.from(target.endsAt()))
                .param("units", target.units())
                .param("holdUntil", Timestamp.from(holdUntil))
                .param("applicationId", applicationId)
                .param("now", Timestamp.from(now))
                .update();
    }

    Optional<Appointment> find(String tenant, UUID id) {
        return jdbc.sql(SELECT + " where a.tenant = :tenant and a.id = :id")
                .param("tenant", tenant).param("id", id)
                .query(Appointment.class).optional();
    }

    /** Locks the appointment row for a state change. */
    Optional<Appointment> lock(String tenant, UUID id) {
        return jdbc.sql(SELECT + " where a.tenant = :tenant and a.id = :id for update of a")
                .param("tenant", tenant).param("id", id)
                .query(Appointment.class).optional();
    }

    /** Any tenant: for signed guest links, whose id was issued by this service. */
    Optional<Appointment> lockById(UUID id) {
        return jdbc.sql(SELECT + " where a.id = :id for update of a")
                .param("id", id).query(Appointment.class).optional();
    }

    public Optional<Appointment> findById(UUID id) {
        return jdbc.sql(SELECT + " where a.id = :id").param("id", id).query(Appointment.class).optional();
    }

    public Optional<Appointment> findByGuestContact(UUID guestContactId) {
        return jdbc.sql(SELECT + " where a.guest_contact_id = :id").param("id", guestContactId)
                .query(Appointment.class).optional();
    }

    List<Appointment> findByCitizen(String tenant, String citizenId) {
        return jdbc.sql(SELECT + " where a.tenant = :tenant and a.citizen_id = :citizenId order by a.starts_at limit 500")
                .param("tenant", tenant).param("citizenId", citizenId)
                .query(Appointment.class).list();
    }

    public List<Appointment> findByOfficeAndDay(String tenant, UUID officeId, LocalDate day) {
        return jdbc.sql(SELECT + """
                 where a.tenant = :tenant and a.office_id = :officeId and a.starts_at >= :from and a.starts_at < :to
                   and a.status not in ('CANCELLED', 'EXPIRED')
                 order by a.starts_at, a.created_at
                """)
                .param("tenant", tenant).param("officeId", officeId)
                .param("from", Timestamp.from(day.atStartOfDay(LOCAL).toInstant()))
                .param("to", Timestamp.from(day.plusDays(1).atStartOfDay(LOCAL).toInstant()))
                .query(Appointment.class).list();
    }

    void confirm(UUID id, Instant now, Instant reminderDueAt) {
        jdbc.sql("""
                update appointment set status = 'BOOKED', confirmed_at = :now, hold_until = null,
                       reminder_due_at = :reminderDueAt, version = version + 1
                where id = :id
                """)
                .param("id", id).param("now", Timestamp.from(now))
                .param("reminderDueAt", reminderDueAt == null ? null : Timestamp.from(reminderDueAt))
                .update();
    }

    void cancel(UUID id, String cancelledBy, Instant now) {
        jdbc.sql("""
                update appointment set status = 'CANCELLED', cancelled_by = :by, cancelled_at = :now, version = version + 1
                where id = :id
                """)
                .param("id", id).param("by", cancelledBy).param("now", Timestamp.from(now)).update();
    }

    void move(UUID id, Target target, Instant reminderDueAt) {
        jdbc.sql("""
                update appointment set slot_id = :slotId, starts_at = :startsAt, ends_at = :endsAt, slot_count = :units,
                       reminder_due_at = :reminderDueAt, reminder_sent_at = null, version = version + 1
                where id = :id
                """)
                .param("id", id).param("slotId", target.slotId())
                .param("startsAt", Timestamp.from(target.startsAt())).param("endsAt", Timestamp.from(target.endsAt()))
                .param("units", target.units())
                .param("reminderDueAt", reminderDueAt == null ? null : Timestamp.from(reminderDueAt))
                .update();
    }

    public void setStatus(UUID id, Appointment.Status status) {
        jdbc.sql("update appointment set status = :status, version = version + 1 where id = :id")
                .param("id", id).param("status", status.name()).update();
    }

    public void checkIn(UUID id, Instant now) {
        jdbc.sql("update appointment set status = 'CHECKED_IN', checked_in_at = :now, version = version + 1 where id = :id")
                .param("id", id).param("now", Timestamp.from(now)).update();
    }

    /** The next checked-in citizen of the office today (earliest start, then earliest arrival), locked. */
    public Optional<Appointment> lockNextCheckedIn(String tenant, UUID officeId, LocalDate day) {
        return jdbc.sql(SELECT + """
                 where a.tenant = :tenant and a.office_id = :officeId and a.status = 'CHECKED_IN'
                   and a.starts_at >= :from and a.starts_at < :to
                 order by a.starts_at, a.checked_in_at
                 limit 1
                 for update of a skip locked
                """)
                .param("tenant", tenant).param("officeId", officeId)
                .param("from", Timestamp.from(day.atStartOfDay(LOCAL).toInstant()))
                .param("to", Timestamp.from(day.plusDays(1).atStartOfDay(LOCAL).toInstant()))
                .query(Appointment.class).optional();
    }

    public void call(UUID id, int counter, Instant now) {
        jdbc.sql("update appointment set status = 'CALLED', counter = :counter, called_at = :now, version = version + 1 where id = :id")
                .param("id", id).param("counter", counter).param("now", Timestamp.from(now)).update();
    }

    /** Reservations whose hold has run out at {@code now}, locked; rows another instance works on are skipped. */
    List<Appointment> lockExpiredHolds(Instant now, int limit) {
        return jdbc.sql(SELECT + """
                 where a.status = 'RESERVED' and a.hold_until <= :now
                 order by a.hold_until
                 limit :limit
                 for update of a skip locked
                """)
                .param("now", Timestamp.from(now)).param("limit", limit).query(Appointment.class).list();
    }

    /** Booked appointments whose reminder is due at {@code now} and not yet recorded, locked; others' rows are skipped. */
    List<Appointment> lockDueReminders(Instant now, int limit) {
        return jdbc.sql(SELECT + """
                 where a.status = 'BOOKED' and a.reminder_sent_at is null and a.reminder_due_at <= :now
                 order by a.reminder_due_at
                 limit :limit
                 for update of a skip locked
                """)
                .param("now", Timestamp.from(now)).param("limit", limit).query(Appointment.class).list();
    }

    void markReminderSent(UUID id, Instant now) {
        jdbc.sql("update appointment set reminder_sent_at = :now where id = :id")
                .param("id", id).param("now", Timestamp.from(now)).update();
    }
}
