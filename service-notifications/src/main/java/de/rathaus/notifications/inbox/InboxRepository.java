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

    List<InboxMessage> findByRecipient(String tenant, String recipientId) {
        return jdbc.sql("select " + COLUMNS + " from inbox_message where tenant = :tenant and recipient_id = :recipientId order by created_at desc limit 500")
                .param("tenant", tenant)
                .param("recipientId", recipientId)
                .query(InboxMessage.class)
                .list();
    }

    Optional<InboxMessage> markRead(String tenant, String recipientId, UUID id, Instant at) {
        jdbc.sql("update inbox_message set read_at = coalesce(read_at, :at) where tenant = :tenant and recipient_id = :recipientId and id = :id")
                .param("at", Timestamp.from(at))
                .param("tenant", tenant)
                .param("recipientId", recipientId)
                .param("id", id)
                .update();
        return jdbc.sql("select " + COLUMNS + " from inbox_message where tenant = :tenant and recipient_id = :recipientId and id = :id")
                .param("tenant", tenant)
                .param("recipientId", recipientId)
                .param("id", id)
                .query(InboxMessage.class)
                .optional();
    }
}
