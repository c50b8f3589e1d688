package de.rathaus.appointments.office;

import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class OfficeRepository {

    private final JdbcClient jdbc;

    OfficeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Office> findByTenant(String tenant) {
        return jdbc.sql("""
                select o.id, o.tenant, o.name, o.address,
                       array(select s.service_type from office_service s where s.office_id = o.id order by 1) as services
                from office o where o.tenant = :tenant order by o.name
                """)
                .param("tenant", tenant)
                .query((rs, row) -> new Office(rs.getObject("id", UUID.class), rs.getString("tenant"), rs.getString("name"),
                        rs.getString("address"), strings(rs.getArray("services"))))
                .list();
    }

    public List<Slot> findFreeSlots(String tenant, String serviceType, UUID officeId, Instant from, Instant to, int limit) {
        return jdbc.sql("""
                select s.id, s.office_id, s.service_type, s.starts_at, s.ends_at, s.capacity, s.booked
                from slot s join office o on o.id = s.office_id
                where o.tenant = :tenant and s.service_type = :serviceType
                  and (cast(:officeId as uuid) is null or s.office_id = :officeId)
                  and s.starts_at >= :from and s.starts_at < :to and s.booked < s.capacity
                order by s.starts_at, s.office_id
                limit :limit
                """)
                .param("tenant", tenant)
                .param("serviceType", serviceType)
                .param("officeId", officeId)
                .param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .param("limit", limit)
                .query(Slot.class)
                .list();
    }

    /** Creates the missing slots from opening hours for the next {@code days} days; existing slots stay untouched. */
    public int generateSlots(int days) {
        return jdbc.sql("""
                insert into slot (id, office_id, service_type, starts_at, ends_at, capacity)
                select gen_random_uuid(), o.id, s.service_type, t, t + make_interval(mins => o.slot_minutes), s.capacity
                from office o
                join office_service s on s.office_id = o.id
                cross join generate_series(current_date, current_date + :days, interval '1 day') as d(day)
                join opening_hours h on h.office_id = o.id and h.day_of_week = extract(isodow from d.day)
                cross join lateral generate_series(
                        (d.day::date + h.opens_at) at time zone o.time_zone,
                        (d.day::date + h.closes_at) at time zone o.time_zone - make_interval(mins => o.slot_minutes),
                        make_interval(mins => o.slot_minutes)) as t
                on conflict (office_id, service_type, starts_at) do nothing
                """)
                .param("days", days)
                .update();
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
