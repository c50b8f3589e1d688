package de.rathaus.notifications.webhooks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class SubscriptionRepository {

    private static final String COLUMNS = "id, client_id, tenant, callback_url, event_types, subject, description, secret, created_at";
    private final JdbcClient jdbc;

    SubscriptionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Subscription s) {
        jdbc.sql("""
                insert into webhook_subscription (id, client_id, tenant, callback_url, event_types, subject, description, secret, created_at)
                values (:id, :client, :tenant, :url, :types, :subject, :description, :secret, :at)
                """)
                .param("id", s.id()).param("client", s.clientId()).param("tenant", s.tenant()).param("url", s.callbackUrl())
                .param("types", s.eventTypes().toArray(String[]::new)).param("subject", s.subject())
                .param("description", s.description()).param("secret", s.secret()).param("at", Timestamp.from(s.createdAt()))
                .update();
    }

    List<Subscription> active() {
        return jdbc.sql("select " + COLUMNS + " from webhook_subscription where deleted_at is null").query(SubscriptionRepository::map).list();
    }

    List<Subscription> ofClient(String clientId, String tenant) {
        return jdbc.sql("select " + COLUMNS + " from webhook_subscription where deleted_at is null and client_id = :client and tenant = :tenant order by created_at")
                .param("client", clientId).param("tenant", tenant)
                .query(SubscriptionRepository::map).list();
    }

    Optional<Subscription> find(UUID id, String clientId, String tenant) {
        return jdbc.sql("select " + COLUMNS + " from webhook_subscription where deleted_at is null and id = :id and client_id = :client and tenant = :tenant")
                .param("id", id).param("client", clientId).param("tenant", tenant)
                .query(SubscriptionRepository::map).optional();
    }

    boolean delete(UUID id, String clientId, String tenant, Instant at) {
        boolean deleted = jdbc.sql("update webhook_subscription set deleted_at = :at where deleted_at is null and id = :id and client_id = :client and tenant = :tenant")
                .param("at", Timestamp.from(at)).param("id", id).param("client", clientId).param("tenant", tenant)
                .update() == 1;
        if (deleted) {
            jdbc.sql("update webhook_delivery set status = 'DEAD_LETTERED', last_error = 'subscription deleted', locked_until = null"
                            + " where subscription_id = :id and status in ('PENDING', 'SENDING')")
                    .param("id", id).update();
        }
        return deleted;
    }

    private static Subscription map(ResultSet rs, int row) throws SQLException {
        return new Subscription(rs.getObject("id", UUID.class), rs.getString("client_id"), rs.getString("tenant"),
                rs.getString("callback_url"), Arrays.asList((String[]) rs.getArray("event_types").getArray()),
                rs.getString("subject"), rs.getString("description"), rs.getString("secret"), rs.getTimestamp("created_at").toInstant());
    }
}
