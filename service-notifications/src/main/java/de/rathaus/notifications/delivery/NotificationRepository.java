package de.rathaus.notifications.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class NotificationRepository {

    private static final String COLUMNS = "id, tenant, event_id, event_type, recipient_kind, recipient_id, channel, language, status, attempts, last_error, created_at, updated_at";
    private final JdbcClient jdbc;

    NotificationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Exactly one per event and channel: a second insert for the same pair changes nothing. */
    boolean insertIfAbsent(Notification n, Instant nextAttemptAt) {
        return jdbc.sql("""
                insert into notification (id, tenant, event_id, event_type, recipient_kind, recipient_id, channel, language, status,
                                          attempts, next_attempt_at, last_error, created_at, updated_at)
                values (:id, :tenant, :eventId, :eventType, :kind, :recipientId, :channel, :language, :status, :attempts, :next,
                        :lastError, :createdAt, :createdAt)
                on conflict (event_id, channel) do nothing
                """)
                .param("id", n.id()).param("tenant", n.tenant()).param("eventId", n.eventId()).param("eventType", n.eventType())
                .param("kind", n.recipientKind()).param("recipientId", n.recipientId()).param("channel", n.channel())
                .param("language", n.language()).param("status", n.status()).param("attempts", n.attempts())
                .param("next", nextAttemptAt == null ? null : Timestamp.from(nextAttemptAt))
                .param("lastError", n.lastError())
                .param("createdAt", Timestamp.from(n.createdAt()))
                .update() == 1;
    }

    /** Claims due notifications for this instance (skip-locked, leased): no two instances send the same one. */
    List<Notification> claimDue(Instant now, Instant leaseUntil, int limit) {
        return jdbc.sql("""
                update notification set locked_until = :lease, attempts = attempts + 1, updated_at = :now
                 where id in (select id from notification
                               where status = 'QUEUED' and next_attempt_at <= :now and (locked_until is null or locked_until < :now)
                               order by next_attempt_at limit :limit for update skip locked)
                returning""" + " " + COLUMNS)
                .param("lease", Timestamp.from(leaseUntil)).param("now", Timestamp.from(now)).param("limit", limit)
                .query(NotificationRepository::map)
                .list();
    }

    void finish(UUID id, String status, String providerId, String error, Instant now) {
        jdbc.sql("update notification set status = :status, provider_id = coalesce(:provider, provider_id), last_error = :error,"
                        + " locked_until = null, next_attempt_at = null, updated_at = :now where id = :id")
                .param("status", status).param("provider", providerId).param("error", error).param("now", Timestamp.from(now)).param("id", id)
                .update();
    }

    void retryAt(UUID id, Instant next, String error, Instant now) {
        jdbc.sql("update notification set locked_until = null, next_attempt_at = :next, last_error = :error, updated_at = :now where id = :id")
                .param("next", Timestamp.from(next)).param("error", error).param("now", Timestamp.from(now)).param("id", id)
                .update();
    }

    /** A provider's delivery report: only a SENT notification moves on (reports may repeat or come late). */
    boolean report(String channel, String providerId, String status, String error, Instant now) {
        return jdbc.sql("update notification set status = :status, last_error = :error, updated_at = :now"
                        + " where channel = :channel and provider_id = :provider and status = 'SENT'")
                .param("status", status).param("error", error).param("now", Timestamp.from(now))
                .param("channel", channel).param("provider", providerId)
                .update() == 1;
    }

    List<Notification> find(String tenant, String recipientId, String eventId, int limit) {
        return jdbc.sql("select " + COLUMNS + " from notification where tenant = :tenant"
                        + " and (cast(:recipient as text) is null or recipient_id = :recipient)"
                        + " and (cast(:eventId as text) is null or event_id = :eventId)"
                        + " order by created_at desc, channel limit :limit")
                .param("tenant", tenant).param("recipient", recipientId).param("eventId", eventId).param("limit", limit)
                .query(NotificationRepository::map)
                .list();
    }

    private static Notification map(ResultSet rs, int row) throws SQLException {
        return new Notification(rs.getObject("id", UUID.class), rs.getString("tenant"), rs.getString("event_id"),
                rs.getString("event_type"), rs.getString("recipient_kind"), rs.getString("recipient_id"), rs.getString("channel"),
                rs.getString("language"), rs.getString("status"), rs.getInt("attempts"), rs.getString("last_error"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
