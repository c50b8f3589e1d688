package de.rathaus.appointments.office;

import de.rathaus.platform.web.InvalidInputException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
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
 * that are already released ({@code office_bookable} at the service's clock), not begun yet, on open days, where
 * every slot unit the service needs has a free place.
 */
@Service
public class SlotSearch {

    public static final int MAX_RANGE_DAYS = 62;
    private static final ZoneId LOCAL = ZoneId.of("Europe/Berlin");

    private final JdbcClient jdbc;
    private final Clock clock;

    SlotSearch(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public record Page(List<Slot> items, int page, int size, boolean hasMore, String nextCursor) {
    }

    /**
     * One page of free starts, ordered by start and office. {@code after} (the {@code nextCursor} of the previous
     * page) continues behind that slot at constant cost; {@code page} skips whole pages (cost grows with depth).
     *
     * <p>Each office's slots are read in start order through its own index range (a lateral subquery with a
     * limit) and merged: a page costs at most offices x (skipped + size) index entries, and the planner cannot
     * fall back to sorting the whole range (the per-office booking windows made its row estimates useless for a
     * single ordered scan).
     */
    @Transactional(readOnly = true)
    public Page search(String tenant, String serviceType, LocalDate from, LocalDate to, List<UUID> officeIds, int page, int size,
                       String after) {
        if (to.isBefore(from)) {
            throw new InvalidInputException("to", "must not be before 'from'");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_RANGE_DAYS) {
            throw new InvalidInputException("to", "must be less than %d days after 'from'".formatted(MAX_RANGE_DAYS));
        }
        Cursor cursor = Cursor.parse(after);
        List<Slot> slots = jdbc.sql("""
                with bounds as materialized (
                    select o.id, o.name, o.slot_minutes, os.duration_slots, o.time_zone,
                           greatest(b.bookable_from, :from) as first_start, least(b.bookable_until, :to) as end_start
                    from office o
                    join office_service os on os.office_id = o.id and os.service_type = :serviceType
                    join office_bookable(cast(:now as timestamptz)) b on b.office_id = o.id
                    where o.tenant = :tenant and (cast(:allOffices as boolean) or o.id = any(cast(:officeIds as uuid[])))
                )
                select s.id, f.id as office_id, f.name as office_name, :serviceType as service_type, s.starts_at,
                       s.starts_at + make_interval(mins => f.slot_minutes * f.duration_slots) as ends_at, s.free as free_capacity
                from bounds f
                cross join lateral (
                    select s.id, s.starts_at,
                           case when f.duration_slots = 1 then s.capacity - s.booked
                                else (select min(r.capacity - r.booked) from slot r
                                      where r.office_id = s.office_id and r.service_type = s.service_type and r.starts_at >= s.starts_at
                                        and r.starts_at < s.starts_at + make_interval(mins => f.slot_minutes * f.duration_slots)) end as free
                    from slot s
                    where s.office_id = f.id and s.service_type = :serviceType
                      and s.starts_at >= f.first_start and s.starts_at < f.end_start and s.starts_at > cast(:now as timestamptz)
                      and s.starts_at >= cast(:afterStart as timestamptz)
                      and (s.starts_at > cast(:afterStart as timestamptz) or s.office_id > cast(:afterOffice as uuid))
                      and s.booked < s.capacity
                      and (f.duration_slots = 1
                           or (select case when count(*) = f.duration_slots then min(r.capacity - r.booked) else 0 end
                               from slot r
                               where r.office_id = s.office_id and r.service_type = s.service_type and r.starts_at >= s.starts_at
                                 and r.starts_at < s.starts_at + make_interval(mins => f.slot_minutes * f.duration_slots)) > 0)
                      and not exists (select 1 from office_closure c
                                      where c.office_id = s.office_id and c.day = (s.starts_at at time zone f.time_zone)::date)
                    order by s.starts_at
                    limit :perOffice
                ) s
                order by s.starts_at, f.id
                limit :limit offset :offset
                """)
                .param("now", Timestamp.from(clock.instant()))
                .param("tenant", tenant)
                .param("serviceType", serviceType)
                .param("allOffices", officeIds == null || officeIds.isEmpty())
                .param("officeIds", officeIds == null ? new UUID[0] : officeIds.toArray(UUID[]::new))
                .param("from", Timestamp.from(from.atStartOfDay(LOCAL).toInstant()))
                .param("to", Timestamp.from(to.plusDays(1).atStartOfDay(LOCAL).toInstant()))
                .param("afterStart", Timestamp.from(cursor.start()))
                .param("afterOffice", cursor.officeId())
                .param("perOffice", page * size + size + 1)
                .param("limit", size + 1)
                .param("offset", page * size)
                .query(Slot.class)
                .list();
        boolean hasMore = slots.size() > size;
        List<Slot> items = hasMore ? slots.subList(0, size) : slots;
        return new Page(items, page, size, hasMore, hasMore ? Cursor.of(items.get(items.size() - 1)) : null);
    }

    /** Position behind a slot: its start and office (the sort key). */
    record Cursor(Instant start, UUID officeId) {

        static final Cursor FIRST = new Cursor(Instant.parse("1970-01-01T00:00:00Z"), new UUID(0, 0));

        static String of(Slot slot) {
            return slot.startsAt().toEpochMilli() + "_" + slot.officeId();
        }

        static Cursor parse(String text) {
            if (text == null || text.isBlank()) {
                return FIRST;
            }
            String[] parts = text.split("_");
            try {
                if (parts.length == 2) {
                    return new Cursor(Instant.ofEpochMilli(Long.parseLong(parts[0])), UUID.fromString(parts[1]));
                }
            } catch (IllegalArgumentException e) {
                // answered below
            }
            throw new InvalidInputException("after", "is not a cursor returned as nextCursor");
        }
    }
}
