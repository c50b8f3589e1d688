package de.rathaus.notifications.inbox;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class InboxRepository {

    private static final String COLUMNS = "id, tenant, recipient_id, event_id, event_type, aggregate_id, title, body, created_at, read_at";
    private final JdbcClient jdbc;

    InboxRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One message per event, whatever the number of deliveries. */
    boolean insertIfAbsent(InboxMessage m) {
        return jdbc.sql("""
                insert into inbox_message (id, tenant, recipient_id, event_id, event_type, aggregate_id, title, body, created_at)
                values (:id, :tenant, :recipientId, :eventId, :eventType, :aggregateId, :title, :body, :createdAt)
                on conflict (event_id) do nothing
                """)
                .param("id", m.id())
                .param("tenant", m.tenant())
                .param("recipientId", m.recipientId())
                .param("eventId", m.eventId())
                .param("eventType", m.eventType())
                .param("aggregateId", m.aggregateId())
                .param("title", m.title())
                .param("body", m.body())
                .param("createdAt", Timestamp.from(m.createdAt()))
                .update() == 1;
    }

    List<InboxMessage> page(String tenant, String recipientId, boolean unreadOnly, int page, int size) {
        return jdbc.sql("select " + COLUMNS + " from inbox_message where tenant = :tenant and recipient_id = :recipientId"
                        + (unreadOnly ? " and read_at is null" : "") + " order by created_at desc, id limit :limit offset :offset")
                .param("tenant", tenant)
                .param("recipientId", recipientId)
                .param("limit", size)
                .param("offset", (long) page * size)
                .query(InboxMessage.class)
                .list();
    }

    long count(String tenant, String recipientId, boolean unreadOnly) {
        return jdbc.sql("select count(*) from inbox_message where tenant = :tenant and recipient_id = :recipientId"
                        + (unreadOnly ? " and read_at is null" : ""))
                .param("tenant", tenant)
                .param("recipientId", recipientId)
                .query(Long.class)
                .single();
    }

    /** Sets or clears the read mark of one of the recipient's own messages; empty if there is no such message of theirs. */
    Optional<InboxMessage> markRead(String tenant, String recipientId, UUID id, Instant at) {
        jdbc.sql("update inbox_message set read_at = " + (at == null ? "null" : "coalesce(read_at, :at)")
                        + " where tenant = :tenant and recipient_id = :recipientId and id = :id")
                .paramSource(at == null ? java.util.Map.of("tenant", tenant, "recipientId", recipientId, "id", id)
                        : java.util.Map.of("at", Timestamp.from(at), "tenant", tenant, "recipientId", recipientId, "id", id))
                .update();
        return jdbc.sql("select " + COLUMNS + " from inbox_message where tenant = :tenant and recipient_id = :recipientId and id = :id")
                .param("tenant", tenant)
                .param("recipientId", recipientId)
                .param("id", id)
                .query(InboxMessage.class)
                .optional();
    }

    int deleteAbout(String tenant, String applicationId) {
        return jdbc.sql("""
                delete from inbox_message m using received_event e
                 where m.event_id = e.event_id and m.tenant = :tenant and e.tenant = :tenant
                   and (e.payload ->> 'applicationId' = :id or e.payload ->> 'referenceId' = :id)
                """)
                .param("tenant", tenant)
                .param("id", applicationId)
                .update();
    }

    boolean delete(String tenant, String recipientId, UUID id) {
        return jdbc.sql("delete from inbox_message where tenant = :tenant and recipient_id = :recipientId and id = :id")
                .param("tenant", tenant)
                .param("recipientId", recipientId)
                .param("id", id)
                .update() == 1;
    }
}
