package de.rathaus.notifications.events;

import de.rathaus.platform.events.CloudEventExtensions;
import io.cloudevents.CloudEvent;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
public class ReceivedEventRepository {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private final JdbcClient jdbc;
    private final JsonMapper json;

    public ReceivedEventRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void insertIfAbsent(ReceivedEvent e, Instant receivedAt) {
        jdbc.sql("""
                insert into received_event (event_id, event_type, source, subject, tenant, event_time, topic, payload, received_at)
                values (:id, :type, :source, :subject, :tenant, :time, :topic, cast(:payload as jsonb), :receivedAt)
                on conflict (event_id) do nothing
                """)
                .param("id", e.id())
                .param("type", e.type())
                .param("source", e.source())
                .param("subject", e.subject())
                .param("tenant", e.tenant())
                .param("time", e.time() == null ? null : Timestamp.from(e.time()))
                .param("topic", e.topic())
                .param("payload", json.writeValueAsString(e.data()))
                .param("receivedAt", Timestamp.from(receivedAt))
                .update();
    }

    public Optional<ReceivedEvent> find(String eventId) {
        return jdbc.sql("select event_id, event_type, source, subject, tenant, event_time, topic, payload::text from received_event where event_id = :id")
                .param("id", eventId)
                .query((rs, n) -> new ReceivedEvent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant(), rs.getString(7),
                        json.readValue(rs.getString(8), MAP)))
                .optional();
    }

    /** A consumed CloudEvent as this service keeps it: its attributes and the payload as a generic map. */
    public ReceivedEvent received(CloudEvent e, String topic) {
        Map<String, Object> data = e.getData() == null ? Map.of() : json.readValue(e.getData().toBytes(), MAP);
        return new ReceivedEvent(e.getId(), e.getType(), e.getSource() == null ? null : e.getSource().toString(),
                e.getSubject(), CloudEventExtensions.tenant(e), e.getTime() == null ? null : e.getTime().toInstant(), topic, data);
    }
}
