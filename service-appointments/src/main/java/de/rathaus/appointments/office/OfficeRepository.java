package de.rathaus.appointments.office;

import de.focus_shift.jollyday.core.Holiday;
import de.rathaus.appointments.office.Office.BookingWindow;
import de.rathaus.appointments.office.Office.Closure;
import de.rathaus.appointments.office.Office.OfficeService;
import de.rathaus.appointments.office.Office.OpeningHours;
import java.sql.ResultSet;
import java.sql.SQLException;
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
                   o.federal_state, o.counters, o.slot_minutes, o.hold_minutes, o.waitlist_mode,
                   o.earliest_days, o.latest_days, to_char(o.release_time, 'HH24:MI') as release_time
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

    public Optional<Office> find(String tenant, UUID id) {
        LocalDate today = LocalDate.now();
        return jdbc.sql(SELECT + " where o.tenant = :tenant and o.id = :id")
                .param("tenant", tenant)
                .param("id", id)
                .query((rs, row) -> office(rs, today, today))
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
                rs.getInt("hold_minutes"), Office.WaitlistMode.valueOf(rs.getString("waitlist_mode")),
                new BookingWindow(rs.getInt("earliest_days"), rs.getInt("latest_days"), rs.getString("release_time")),
                services(id), openingHours(id), closures(id, today, closuresUntil));
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
     * booked are removed (a closure entered after generation).
     */
    public int generateSlots() {
        jdbc.sql("""
                delete from slot s using office o
                where o.id = s.office_id and s.booked = 0 and s.starts_at > now()
                  and (exists (select 1 from office_closure c where c.office_id = o.id and c.day = (s.starts_at at time zone o.time_zone)::date)
                    or exists (select 1 from public_holiday h where h.federal_state = o.federal_state and h.day = (s.starts_at at time zone o.time_zone)::date))
                """).update();
        return jdbc.sql("""
                insert into slot (id, office_id, service_type, starts_at, ends_at, capacity)
                select gen_random_uuid(), o.id, s.service_type, t, t + make_interval(mins => o.slot_minutes), s.capacity
                from office o
                join office_service s on s.office_id = o.id
                cross join lateral generate_series((now() at time zone o.time_zone)::date,
                        (now() at time zone o.time_zone)::date + o.latest_days + 1, interval '1 day') as d(day)
                join opening_hours h on h.office_id = o.id and h.day_of_week = extract(isodow from d.day)
                cross join lateral generate_series(
                        (d.day::date + h.opens_at) at time zone o.time_zone,
                        (d.day::date + h.closes_at) at time zone o.time_zone - make_interval(mins => o.slot_minutes),
                        make_interval(mins => o.slot_minutes)) as t
                where not exists (select 1 from office_closure c where c.office_id = o.id and c.day = d.day::date)
                  and not exists (select 1 from public_holiday p where p.federal_state = o.federal_state and p.day = d.day::date)
                on conflict (office_id, service_type, starts_at) do nothing
                """)
                .update();
    }
}
