package de.rathaus.appointments.booking;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class BookingRepository {

    private static final String SELECT = """
            select b.id, b.tenant, b.citizen_id, b.slot_id, s.office_id, s.service_type, s.starts_at, b.status, b.created_at
            from booking b join slot s on s.id = b.slot_id
            """;

    private final JdbcClient jdbc;

    BookingRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Takes one place of the slot if it has one left, is in the future and belongs to an office of the tenant.
     * The conditional update is atomic and the check constraint backs it: concurrent bookers can never overbook.
     */
    boolean takePlace(UUID slotId, String tenant) {
        return jdbc.sql("""
                update slot s set booked = booked + 1
                from office o
                where s.id = :slotId and o.id = s.office_id and o.tenant = :tenant
                  and s.booked < s.capacity and s.starts_at > now()
                """)
                .param("slotId", slotId)
                .param("tenant", tenant)
                .update() == 1;
    }

    /** Why a place could not be taken: null if the slot is unknown to the tenant. */
    Optional<SlotState> slotState(UUID slotId, String tenant) {
        return jdbc.sql("""
                select s.starts_at < now() as past, s.booked >= s.capacity as full
                from slot s join office o on o.id = s.office_id
                where s.id = :slotId and o.tenant = :tenant
                """)
                .param("slotId", slotId)
                .param("tenant", tenant)
                .query(SlotState.class)
                .optional();
    }

    void insert(UUID id, String tenant, String citizenId, UUID slotId, Instant createdAt) {
        jdbc.sql("""
                insert into booking (id, tenant, citizen_id, slot_id, status, created_at)
                values (:id, :tenant, :citizenId, :slotId, 'BOOKED', :createdAt)
                """)
                .param("id", id)
                .param("tenant", tenant)
                .param("citizenId", citizenId)
                .param("slotId", slotId)
                .param("createdAt", Timestamp.from(createdAt))
                .update();
    }

    Optional<Booking> find(String tenant, UUID id) {
        return jdbc.sql(SELECT + " where b.tenant = :tenant and b.id = :id")
                .param("tenant", tenant)
                .param("id", id)
                .query(Booking.class)
                .optional();
    }

    List<Booking> findByCitizen(String tenant, String citizenId) {
        return jdbc.sql(SELECT + " where b.tenant = :tenant and b.citizen_id = :citizenId order by s.starts_at limit 500")
                .param("tenant", tenant)
                .param("citizenId", citizenId)
                .query(Booking.class)
                .list();
    }

    record SlotState(boolean past, boolean full) {
    }
}
