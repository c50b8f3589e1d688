package de.rathaus.appointments.office;

import de.focus_shift.jollyday.core.Holiday;
import de.rathaus.appointments.office.Office.BookingWindow;
import de.rathaus.appointments.office.Office.Closure;
import de.rathaus.appointments.office.Office.OfficeService;
import de.rathaus.appointments.office.Office.OpeningHours;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class OfficeRepository {

    private static final String SELECT = """
            select o.id, o.tenant, o.name, o.address, o.latitude, o.longitude, o.accessibility, o.step_free,
                   o.federal_state, o.counters, o.slot_minutes, o.hold_minutes, o.waitlist_mode, o.waitlist_hold_minutes,
                   o.earliest_days, o.latest_days, to_char(o.release_time, 'HH24:MI') as release_time, o.version
            from office o
            """;

    private final JdbcClient jdbc;

    OfficeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Office> findByTenant(String tenant, LocalDate today, LocalDate closuresUntil) {
        return jdbc.sql(SELECT + " where o.tenant = :tenant order by o.name")
                .param("tenant", tenant)
                .query((rs, row) -> office(rs, today, closuresUntil))
                .list();
    }

    public Optional<Office> find(String tenant, UUID id, LocalDate today, LocalDate closuresUntil) {
        return jdbc.sql(SELECT + " where o.tenant = :tenant and o.id = :id")
                .param("tenant", tenant)
                .param("id", id)
                .query((rs, row) -> office(rs, today, closuresUntil))
                .optional();
    }

    public boolean tenantHasOffices(String tenant) {
        return jdbc.sql("select exists (select 1 from office where tenant = :tenant)").param("tenant", tenant)
                .query(Boolean.class).single();
    }

    private Office office(ResultSet rs, LocalDate today, LocalDate closuresUntil) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        return new Office(id, rs.getString("tenant"), rs.getString("name"), rs.getString("address"),
                (Double) rs.getObject("latitude"), (Double) rs.getObject("longitude"), rs.getString("accessibility"),
                rs.getBoolean("step_free"), rs.getString("federal_state"), rs.getInt("counters"), rs.getInt("slot_minutes"),
                rs.getInt("hold_minutes"), Office.WaitlistMode.valueOf(rs.getString("waitlist_mode")), rs.getInt("waitlist_hold_minutes"),
                new BookingWindow(rs.getInt("earliest_days"), rs.getInt("latest_days"), rs.getString("release_time")),
                services(id), openingHours(id), closures(id, today, closuresUntil), rs.getInt("version"));
    }

    private List<OfficeService> services(UUID officeId) {
        return jdbc.sql("select service_type as key, capacity, duration_slots from office_service where office_id = :id order by 1")
                .param("id", officeId).query(OfficeService.class).list();
    }

    private List<OpeningHours> openingHours(UUID officeId) {
        return jdbc.sql("select day_of_week, opens_at as opens, closes_at as closes from opening_hours where office_id = :id order by 1, 2")
                .param("id", officeId).query(OpeningHours.class).list();
    }

    private List<Closure> closures(UUID officeId, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                select c.day, c.reason from office_closure c where c.office_id = :id and c.day between :from and :to
                union
                select h.day, h.name from public_holiday h join office o on o.federal_state = h.federal_state
                where o.id = :id and h.day between :from and :to
                order by 1
                """)
                .param("id", officeId).param("from", from).param("to", to)
                .query(Closure.class).list();
    }

    /** Federal states of all offices (to store their holidays before slots are generated). */
    public List<String> federalStates() {
        return jdbc.sql("select distinct federal_state from office order by 1").query(String.class).list();
    }

    public void storeHolidays(String federalState, List<Holiday> holidays) {
        for (Holiday holiday : holidays) {
            jdbc.sql("""
                    insert into public_holiday (federal_state, day, name) values (:state, :day, :name)
                    on conflict (federal_state, day) do update set name = excluded.name
                    """)
                    .param("state", federalState)
                    .param("day", holiday.getDate())
                    .param("name", holiday.getDescription(Locale.GERMAN))
                    .update();
        }
    }

    /**
     * Creates the missing slot units from the opening hours up to each office's booking horizon (latest day + 1),
     * skipping closures and public holidays; existing slots stay untouched. Slots of a closed day that nobody has
     * booked and no appointment names (a cancelled one keeps its slot id) are removed (a closure entered after
     * generation).
     *
     * @param officeId only this office; all offices if null
     * @param now      the service's clock: today and the horizon follow from it, and only later slots are removed
     */
    public int generateSlots(UUID officeId, Instant now) {
        jdbc.sql("""
                delete from slot s using office o
                where o.id = s.office_id and s.booked = 0 and s.starts_at > cast(:now as timestamptz)
                  and (cast(:officeId as uuid) is null or o.id = cast(:officeId as uuid))
                  and not exists (select 1 from appointment a where a.slot_id = s.id)
                  and (exists (select 1 from office_closure c where c.office_id = o.id and c.day = (s.starts_at at time zone o.time_zone)::date)
                    or exists (select 1 from public_holiday h where h.federal_state = o.federal_state and h.day = (s.starts_at at time zone o.time_zone)::date))
                """).param("officeId", officeId).param("now", Timestamp.from(now)).update();
        return jdbc.sql("""
                insert into slot (id, office_id, service_type, starts_at, ends_at, capacity)
                select gen_random_uuid(), o.id, s.service_type, t, t + make_interval(mins => o.slot_minutes), s.capacity
                from office o
                join office_service s on s.office_id = o.id
                cross join lateral generate_series((cast(:now as timestamptz) at time zone o.time_zone)::date,
                        (cast(:now as timestamptz) at time zone o.time_zone)::date + o.latest_days + 1, interval '1 day') as d(day)
                join opening_hours h on h.office_id = o.id and h.day_of_week = extract(isodow from d.day)
                cross join lateral generate_series(
                        (d.day::date + h.opens_at) at time zone o.time_zone,
                        (d.day::date + h.closes_at) at time zone o.time_zone - make_interval(mins => o.slot_minutes),
                        make_interval(mins => o.slot_minutes)) as t
                where (cast(:officeId as uuid) is null or o.id = cast(:officeId as uuid))
                  and not exists (select 1 from office_closure c where c.office_id = o.id and c.day = d.day::date)
                  and not exists (select 1 from public_holiday p where p.federal_state = o.federal_state and p.day = d.day::date)
                on conflict (office_id, service_type, starts_at) do nothing
                """)
                .param("officeId", officeId)
                .param("now", Timestamp.from(now))
                .update();
    }

    // ---- administration (every write below runs in the transaction that locked the office with lockVersion)

    /** Locks the office of the tenant against concurrent administration and returns its version. */
    public Optional<Integer> lockVersion(String tenant, UUID id) {
        // NO KEY UPDATE: bookings inserting appointments (foreign key, KEY SHARE) are not blocked
        return jdbc.sql("select version from office where tenant = :tenant and id = :id for no key update")
                .param("tenant", tenant).param("id", id).query(Integer.class).optional();
    }

    public void bumpVersion(UUID id) {
        jdbc.sql("update office set version = version + 1 where id = :id").param("id", id).update();
    }

    /** A new office; waiters are told about days released after {@code now} (released_through). */
    public void insert(UUID id, String tenant, OfficeSettings settings, int slotMinutes, Instant now) {
        jdbc.sql("""
                insert into office (id, tenant, name, address, slot_minutes, latitude, longitude, accessibility, step_free,
                                    federal_state, counters, earliest_days, latest_days, release_time, hold_minutes,
                                    waitlist_mode, waitlist_hold_minutes, released_through)
                values (:id, :tenant, :name, :address, :slotMinutes, :latitude, :longitude, :accessibility, :stepFree,
                        :federalState, :counters, :earliestDays, :latestDays, cast(:releaseTime as time), :holdMinutes,
                        :waitlistMode, :waitlistHoldMinutes,
                        office_last_released(cast(:now as timestamptz), 'Europe/Berlin', :latestDays, cast(:releaseTime as time)))
                """)
                .param("id", id).param("tenant", tenant).param("slotMinutes", slotMinutes).param("now", Timestamp.from(now))
                .params(settingsParams(settings))
                .update();
    }

    public void update(UUID id, OfficeSettings settings) {
        jdbc.sql("""
                update office set name = :name, address = :address, latitude = :latitude, longitude = :longitude,
                       accessibility = :accessibility, step_free = :stepFree, federal_state = :federalState,
                       counters = :counters, earliest_days = :earliestDays, latest_days = :latestDays,
                       release_time = cast(:releaseTime as time), hold_minutes = :holdMinutes, waitlist_mode = :waitlistMode,
                       waitlist_hold_minutes = :waitlistHoldMinutes
                where id = :id
                """)
                .param("id", id)
                .params(settingsParams(settings))
                .update();
    }

    private static java.util.Map<String, Object> settingsParams(OfficeSettings s) {
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        params.put("name", s.name());
        params.put("address", s.address());
        params.put("latitude", s.latitude());
        params.put("longitude", s.longitude());
        params.put("accessibility", s.accessibility());
        params.put("stepFree", s.stepFree());
        params.put("federalState", s.federalState());
        params.put("counters", s.counters());
        params.put("earliestDays", s.bookingWindow().earliestDays());
        params.put("latestDays", s.bookingWindow().latestDays());
        params.put("releaseTime", s.bookingWindow().releaseTime());
        params.put("holdMinutes", s.holdMinutes());
        params.put("waitlistMode", s.waitlistMode().name());
        params.put("waitlistHoldMinutes", s.waitlistHoldMinutes());
        return params;
    }

    public void replaceOpeningHours(UUID id, List<OpeningHours> hours) {
        jdbc.sql("delete from opening_hours where office_id = :id").param("id", id).update();
        for (OpeningHours h : hours) {
            jdbc.sql("insert into opening_hours (office_id, day_of_week, opens_at, closes_at) values (:id, :day, :opens, :closes)")
                    .param("id", id).param("day", h.dayOfWeek()).param("opens", h.opens()).param("closes", h.closes())
                    .update();
        }
    }

    public void putService(UUID id, OfficeService service) {
        jdbc.sql("""
                insert into office_service (office_id, service_type, capacity, duration_slots) values (:id, :key, :capacity, :duration)
                on conflict (office_id, service_type) do update set capacity = excluded.capacity, duration_slots = excluded.duration_slots
                """)
                .param("id", id).param("key", service.key()).param("capacity", service.capacity())
                .param("duration", service.durationSlots())
                .update();
    }

    public boolean removeService(UUID id, String key) {
        return jdbc.sql("delete from office_service where office_id = :id and service_type = :key")
                .param("id", id).param("key", key).update() == 1;
    }

    /** The largest capacity of the office's services (0 without services): the counters must cover it. */
    public int maxServiceCapacity(UUID id) {
        return jdbc.sql("select coalesce(max(capacity), 0) from office_service where office_id = :id")
                .param("id", id).query(Integer.class).single();
    }

    public int slotMinutes(UUID id) {
        return jdbc.sql("select slot_minutes from office where id = :id").param("id", id).query(Integer.class).single();
    }

    /** False if the office is already closed that day. */
    public boolean addClosure(UUID id, Closure closure) {
        return jdbc.sql("insert into office_closure (office_id, day, reason) values (:id, :day, :reason) on conflict do nothing")
                .param("id", id).param("day", closure.day()).param("reason", closure.reason()).update() == 1;
    }

    public boolean removeClosure(UUID id, LocalDate day) {
        return jdbc.sql("delete from office_closure where office_id = :id and day = :day")
                .param("id", id).param("day", day).update() == 1;
    }

    /** The office's own closures from a day on (public holidays are not listed here). */
    public List<Closure> closuresFrom(UUID id, LocalDate from) {
        return jdbc.sql("select day, reason from office_closure where office_id = :id and day >= :from order by day limit 1000")
                .param("id", id).param("from", from).query(Closure.class).list();
    }
}
