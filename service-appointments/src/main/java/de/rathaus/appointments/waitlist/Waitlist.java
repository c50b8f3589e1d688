package de.rathaus.appointments.waitlist;

import de.rathaus.appointments.booking.Appointment;
import de.rathaus.appointments.booking.AppointmentEvents;
import de.rathaus.appointments.booking.BookingProperties;
import de.rathaus.appointments.booking.FreedPlaces;
import de.rathaus.appointments.booking.WaiterHolds;
import de.rathaus.appointments.office.Slot;
import de.rathaus.appointments.office.SlotSearch;
import de.rathaus.contracts.events.SlotAvailable;
import de.rathaus.platform.events.EventOutbox;
import de.rathaus.platform.security.CurrentUser;
import de.rathaus.platform.web.ConflictException;
import de.rathaus.platform.web.InvalidInputException;
import de.rathaus.platform.web.NotFoundException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Waitlists: a citizen waits for a service at some offices in a date range. When capacity frees up (cancel,
 * reschedule, expired hold) the next waiter is chosen by the office's rule, FIRST_COME (oldest entry) or LOTTERY
 * (uniformly at random among all entries that match), marked NOTIFIED and told by a SlotAvailable event recorded
 * in the same transaction. {@code SKIP LOCKED} lets two frees pick two different waiters. Offices may hold the freed
 * place for that waiter ({@code waitlist_hold_minutes}); newly released days are announced to every matching waiter
 * ({@link #announceReleasedDay}, driven by {@link ReleasedDays}).
 */
@Service
public class Waitlist implements FreedPlaces {

    private static final ZoneId LOCAL = ZoneId.of("Europe/Berlin");
    private static final int MAX_RANGE_DAYS = 90;

    private final JdbcClient jdbc;
    private final EventOutbox outbox;
    private final SlotSearch slots;
    private final WaiterHolds holds;
    private final BookingProperties properties;
    private final Clock clock;

    Waitlist(JdbcClient jdbc, EventOutbox outbox, SlotSearch slots, WaiterHolds holds, BookingProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.slots = slots;
        this.holds = holds;
        this.properties = properties;
        this.clock = clock;
    }

    @Transactional
    public WaitlistEntry join(CurrentUser citizen, String serviceType, List<UUID> officeIds, LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            throw new InvalidInputException("to", "must not be before 'from'");
        }
        if (to.isBefore(LocalDate.now(clock.withZone(LOCAL)))) {
            throw new InvalidInputException("to", "must not lie in the past");
        }
        if (ChronoUnit.DAYS.between(from, to) > MAX_RANGE_DAYS) {
            throw new InvalidInputException("to", "must be at most %d days after 'from'".formatted(MAX_RANGE_DAYS));
        }
        List<UUID> distinct = officeIds.stream().distinct().toList();
        int offering = jdbc.sql("""
                select count(*) from office o join office_service s on s.office_id = o.id
                where o.tenant = :tenant and s.service_type = :serviceType and o.id = any(:ids)
                """)
                .param("tenant", citizen.tenant()).param("serviceType", serviceType)
                .param("ids", distinct.toArray(UUID[]::new))
                .query(Integer.class).single();
        if (offering != distinct.size()) {
            throw new InvalidInputException("officeIds", "every office must be one of your municipality offering %s".formatted(serviceType));
        }
        UUID id = UUID.randomUUID();
        try {
            jdbc.sql("""
                    insert into waitlist_entry (id, tenant, citizen_id, service_type, office_ids, from_day, to_day, status, created_at)
                    values (:id, :tenant, :citizenId, :serviceType, :officeIds, :from, :to, 'WAITING', :now)
                    """)
                    .param("id", id).param("tenant", citizen.tenant()).param("citizenId", citizen.subject())
                    .param("serviceType", serviceType).param("officeIds", distinct.toArray(UUID[]::new))
                    .param("from", from).param("to", to).param("now", Timestamp.from(clock.instant()))
                    .update();
        } catch (DuplicateKeyException e) {
            throw new ConflictException("You are already waiting for %s; leave that entry first to change it.".formatted(serviceType));
        }
        return find(citizen, id).orElseThrow();
    }

    @Transactional(readOnly = true)
    public List<WaitlistEntry> listOwn(CurrentUser citizen) {
        return jdbc.sql("select * from waitlist_entry where tenant = :tenant and citizen_id = :citizenId order by created_at desc limit 100")
                .param("tenant", citizen.tenant()).param("citizenId", citizen.subject())
                .query((rs, row) -> entry(rs)).list();
    }

    @Transactional
    public void leave(CurrentUser citizen, UUID id) {
        int changed = jdbc.sql("""
                update waitlist_entry set status = 'LEFT'
                where id = :id and tenant = :tenant and citizen_id = :citizenId and status = 'WAITING'
                """)
                .param("id", id).param("tenant", citizen.tenant()).param("citizenId", citizen.subject()).update();
        if (changed == 0) {
            find(citizen, id).orElseThrow(() -> new NotFoundException("Waitlist entry %s does not exist or is not yours.".formatted(id)));
        }
    }

    private Optional<WaitlistEntry> find(CurrentUser citizen, UUID id) {
        return jdbc.sql("select * from waitlist_entry where id = :id and tenant = :tenant and citizen_id = :citizenId")
                .param("id", id).param("tenant", citizen.tenant()).param("citizenId", citizen.subject())
                .query((rs, row) -> entry(rs)).optional();
    }

    /**
     * The place of {@code freed} became free: tells the next matching waiter, if any. If the office holds freed places
     * for waiters ({@code waitlist_hold_minutes} > 0), the place is reserved for the waiter at once
     * ({@link WaiterHolds}) and waiters who could not take it (at the fairness limit for the service) are passed
     * over. Must run inside the transaction that freed the capacity.
     */
    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void offer(Appointment freed) {
        String tenant = freed.tenant();
        UUID officeId = freed.officeId();
        String serviceType = freed.serviceType();
        Instant start = freed.startsAt();
        Instant end = freed.endsAt();
        Instant now = clock.instant();
        if (!start.isAfter(now)) {
            return;
        }
        record Chosen(UUID id, String citizenId, String officeName, int holdMinutes) {
        }
        Optional<Chosen> chosen = jdbc.sql("""
                select w.id, w.citizen_id, o.name as office_name, o.waitlist_hold_minutes as hold_minutes
                from waitlist_entry w join office o on o.id = :officeId
                where w.tenant = :tenant and w.status = 'WAITING' and w.service_type = :serviceType
                  and :officeId = any(w.office_ids) and :day between w.from_day and w.to_day
                  and (o.waitlist_hold_minutes = 0
                       or (select count(*) from appointment a
                           where a.tenant = w.tenant and a.identity = w.citizen_id and a.service_type = w.service_type
                             and a.status in ('RESERVED', 'BOOKED') and (a.status = 'BOOKED' or a.hold_until > :now)
                             and a.ends_at > :now) < :maxOpen)
                order by case when o.waitlist_mode = 'LOTTERY' then random() else 0 end, w.created_at
                limit 1
                for update of w skip locked
                """)
                .param("tenant", tenant).param("officeId", officeId).param("serviceType", serviceType)
                .param("day", LocalDate.ofInstant(start, LOCAL)).param("maxOpen", properties.maxOpenPerService())
                .param("now", Timestamp.from(now))
                .query(Chosen.class).optional();
        chosen.ifPresent(c -> {
            jdbc.sql("update waitlist_entry set status = 'NOTIFIED', notified_at = :now where id = :id")
                    .param("id", c.id()).param("now", Timestamp.from(now)).update();
            Optional<Appointment> held = c.holdMinutes() > 0
                    ? holds.hold(tenant, c.citizenId(), officeId, serviceType, start, end, c.holdMinutes())
                    : Optional.empty();
            outbox.record(AppointmentEvents.SLOT_AVAILABLE, c.id().toString(), tenant, new SlotAvailable(c.id(), c.citizenId(), officeId,
                    c.officeName(), serviceType, AppointmentEvents.local(start), AppointmentEvents.local(end), SlotAvailable.Reason.FREED,
                    held.map(Appointment::id).orElse(null), held.map(a -> AppointmentEvents.local(a.holdUntil())).orElse(null)));
        });
    }

    /**
     * A day of the office was released for booking (its release time opened it in the booking window): every
     * waiter whose entry covers the office, the service and the day is told once, with the first free start of
     * that day. Release notices are a broadcast, not a personal offer: the entries stay WAITING (the release opens
     * many places at once and everybody learns of them at the same moment), and {@code waitlist_release_notice}
     * (one row per entry and day) keeps a waiter from being told twice about a day, also when several of their
     * offices release it. Must run inside the transaction that moves the office's release watermark.
     *
     * @return the number of waiters told
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int announceReleasedDay(String tenant, UUID officeId, String officeName, LocalDate day) {
        List<String> services = jdbc.sql("select service_type from office_service where office_id = :id order by 1")
                .param("id", officeId).query(String.class).list();
        int told = 0;
        for (String service : services) {
            List<Slot> first = slots.search(tenant, service, day, day, List.of(officeId), 0, 1, null).items();
            if (first.isEmpty()) {
                continue;
            }
            Slot slot = first.get(0);
            record Told(UUID id, String citizenId) {
            }
            List<Told> waiters = jdbc.sql("""
                    with told as (
                        insert into waitlist_release_notice (entry_id, day, office_id, notified_at)
                        select w.id, cast(:day as date), cast(:officeId as uuid), cast(:now as timestamptz) from waitlist_entry w
                        where w.tenant = :tenant and w.status = 'WAITING' and w.service_type = :serviceType
                          and cast(:officeId as uuid) = any(w.office_ids) and cast(:day as date) between w.from_day and w.to_day
                        on conflict (entry_id, day) do nothing
                        returning entry_id
                    )
                    select w.id, w.citizen_id from waitlist_entry w join told t on t.entry_id = w.id order by w.created_at
                    """)
                    .param("tenant", tenant).param("officeId", officeId).param("serviceType", service).param("day", day)
                    .param("now", Timestamp.from(clock.instant()))
                    .query(Told.class).list();
            for (Told waiter : waiters) {
                outbox.record(AppointmentEvents.SLOT_AVAILABLE, waiter.id().toString(), tenant, new SlotAvailable(waiter.id(),
                        waiter.citizenId(), officeId, officeName, service, AppointmentEvents.local(slot.startsAt()),
                        AppointmentEvents.local(slot.endsAt()), SlotAvailable.Reason.RELEASED, null, null));
            }
            told += waiters.size();
        }
        return told;
    }

    private static WaitlistEntry entry(ResultSet rs) throws SQLException {
        Array ids = rs.getArray("office_ids");
        return new WaitlistEntry(rs.getObject("id", UUID.class), rs.getString("tenant"), rs.getString("citizen_id"),
                rs.getString("service_type"), Arrays.asList((UUID[]) ids.getArray()),
                rs.getObject("from_day", LocalDate.class), rs.getObject("to_day", LocalDate.class),
                WaitlistEntry.Status.valueOf(rs.getString("status")), rs.getTimestamp("created_at").toInstant());
    }
}
