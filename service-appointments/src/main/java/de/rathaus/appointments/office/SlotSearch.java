package de.rathaus.appointments.office;

import de.rathaus.platform.web.InvalidInputException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Free slots of a service across the offices of a municipality. Only starts inside each office's booking window
 * that are already released ({@code office_bookable}), on open days, where every slot unit the service needs has
 * a free place.
 */
@Service
public class SlotSearch {

    public static final int MAX_RANGE_DAYS = 62;
    private static final ZoneId LOCAL = ZoneId.of("Europe/Berlin");

    private final JdbcClient jdbc;

    SlotSearch(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Page(List<Slot> items, int page, int size, boolean hasMore) {
    }

    @Transactional(readOnly = true)
    public Page search(String tenant, String serviceType, LocalDate from, LocalDate to, List<UUID> officeIds, int page, int size) {
        if (to.isBefore(from)) {
            throw new InvalidInputException("to", "must not be before 'from'");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_RANGE_DAYS) {
            throw new InvalidInputException("to", "must be less than %d days after 'from'".formatted(MAX_RANGE_DAYS));
        }
        List<Slot> slots = jdbc.sql("""
                select s.id, s.office_id, o.name as office_name, s.service_type, s.starts_at,
                       s.starts_at + make_interval(mins => o.slot_minutes * os.duration_slots) as ends_at,
                       run.free as free_capacity
                from slot s
                join office o on o.id = s.office_id
                join office_service os on os.office_id = s.office_id and os.service_type = s.service_type
                join office_bookable b on b.office_id = o.id
                cross join lateral (
                    select count(*) as units, min(r.capacity - r.booked) as free
                    from slot r
                    where r.office_id = s.office_id and r.service_type = s.service_type
                      and r.starts_at >= s.starts_at
                      and r.starts_at < s.starts_at + make_interval(mins => o.slot_minutes * os.duration_slots)
                ) run
                where o.tenant = :tenant and s.service_type = :serviceType
                  and (cast(:allOffices as boolean) or s.office_id = any(cast(:officeIds as uuid[])))
                  and s.starts_at >= :from and s.starts_at < :to
                  and s.starts_at >= b.bookable_from and s.starts_at < b.bookable_until
                  and s.booked < s.capacity
                  and run.units = os.duration_slots and run.free > 0
                  and not exists (select 1 from office_closure c
                                  where c.office_id = s.office_id and c.day = (s.starts_at at time zone o.time_zone)::date)
                order by s.starts_at, s.office_id
                limit :limit offset :offset
                """)
                .param("tenant", tenant)
                .param("serviceType", serviceType)
                .param("allOffices", officeIds == null || officeIds.isEmpty())
                .param("officeIds", officeIds == null ? new UUID[0] : officeIds.toArray(UUID[]::new))
                .param("from", Timestamp.from(from.atStartOfDay(LOCAL).toInstant()))
                .param("to", Timestamp.from(to.plusDays(1).atStartOfDay(LOCAL).toInstant()))
                .param("limit", size + 1)
                .param("offset", page * size)
                .query(Slot.class)
                .list();
        boolean hasMore = slots.size() > size;
        return new Page(hasMore ? slots.subList(0, size) : slots, page, size, hasMore);
    }
}
