package de.rathaus.notifications.webhooks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

@Repository
class DeliveryRepository {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate tx;

    DeliveryRepository(JdbcClient jdbc, JdbcTemplate template, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.template = template;
        this.tx = tx;
    }

    /** One row per subscription and event (per replay): a redelivered event inserts nothing. */
    int insert(List<UUID> subscriptions, String eventId, String eventType, UUID replayId, Instant now, Instant giveUpAfter) {
        if (subscriptions.isEmpty()) {
            return 0;
        }
        int[][] counts = template.batchUpdate("""
                insert into webhook_delivery (id, subscription_id, event_id, event_type, replay_id, status, attempts, next_attempt_at, give_up_after, created_at)
                values (?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, ?)
                on conflict on constraint webhook_delivery_once do nothing
                """, subscriptions, subscriptions.size(), (ps, subscription) -> {
            ps.setObject(1, UUID.randomUUID());
            ps.setObject(2, subscription);
            ps.setString(3, eventId);
            ps.setString(4, eventType);
            ps.setObject(5, replayId);
            ps.setTimestamp(6, Timestamp.from(now));
            ps.setTimestamp(7, Timestamp.from(giveUpAfter));
            ps.setTimestamp(8, Timestamp.from(now));
        });
        int inserted = 0;
        for (int[] batch : counts) {
            for (int c : batch) {
                inserted += Math.max(c, 0);
            }
        }
        return inserted;
    }

    /** A claimed delivery with everything needed to send it. */
    record Claimed(UUID id, UUID subscriptionId, String eventId, int attempts, Instant giveUpAfter, String eventType, String source,
                   String subject, String tenant, Instant eventTime, String payload) {
    }

    /**
     * Claims due deliveries, at most {@code capacities[i]} for subscription {@code subscriptions[i]} (skip-locked and
     * leased: several instances share the work; an instance that dies releases its claims when the lease ends).
     */
    List<Claimed> claim(UUID[] subscriptions, Integer[] capacities, Instant now, Instant leaseUntil) {
        return jdbc.sql("""
                with picked as (
                    select d.id from unnest(cast(:subs as uuid[]), cast(:caps as int[])) as cap(sid, n)
                    cross join lateral (
                        select id from webhook_delivery
                         where subscription_id = cap.sid and status in ('PENDING', 'SENDING') and next_attempt_at <= :now
                           and (status = 'PENDING' or locked_until < :now)
                         order by next_attempt_at limit cap.n
                         for update skip locked) d
                ), claimed as (
                    update webhook_delivery w set status = 'SENDING', locked_until = :lease, attempts = w.attempts + 1
                      from picked where w.id = picked.id
                    returning w.id, w.subscription_id, w.event_id, w.attempts, w.give_up_after
                )
                select c.id, c.subscription_id, c.event_id, c.attempts, c.give_up_after, e.event_type, e.source, e.subject, e.tenant,
                       e.event_time, e.payload::text
                  from claimed c join received_event e on e.event_id = c.event_id
                """)
                .param("subs", subscriptions).param("caps", capacities)
                .param("now", Timestamp.from(now)).param("lease", Timestamp.from(leaseUntil))
                .query((rs, n) -> new Claimed(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getInt(4),
                        rs.getTimestamp(5).toInstant(), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                        rs.getTimestamp(10) == null ? null : rs.getTimestamp(10).toInstant(), rs.getString(11)))
                .list();
    }

    /** The outcome of one attempt. {@code nextAttemptAt} null: final (DELIVERED or DEAD_LETTERED). */
    record Outcome(UUID id, String status, Integer statusCode, String error, Instant nextAttemptAt, Instant at) {
    }

    /** Records many outcomes in one transaction (the dispatcher collects them from concurrent requests). */
    void record(List<Outcome> outcomes) {
        tx.executeWithoutResult(s -> template.batchUpdate("""
                update webhook_delivery set status = ?, last_status_code = ?, last_error = ?, locked_until = null,
                       next_attempt_at = coalesce(?, next_attempt_at), delivered_at = case when ? = 'DELIVERED' then ? else delivered_at end
                 where id = ? and status = 'SENDING'
                """, outcomes, 500, (ps, o) -> {
            ps.setString(1, o.status());
            if (o.statusCode() == null) {
                ps.setNull(2, java.sql.Types.INTEGER);
            } else {
                ps.setInt(2, o.statusCode());
            }
            ps.setString(3, o.error());
            ps.setTimestamp(4, o.nextAttemptAt() == null ? null : Timestamp.from(o.nextAttemptAt()));
            ps.setString(5, o.status());
            ps.setTimestamp(6, Timestamp.from(o.at()));
            ps.setObject(7, o.id());
        }));
    }

    record Row(UUID id, String eventId, String eventType, String status, int attempts, Integer lastStatusCode, String lastError,
               Instant nextAttemptAt, Instant deliveredAt, Instant createdAt, UUID replayId) {
    }

    List<Row> log(UUID subscriptionId, String status, int limit) {
        return jdbc.sql("select id, event_id, event_type, status, attempts, last_status_code, last_error, next_attempt_at, delivered_at,"
                        + " created_at, replay_id from webhook_delivery where subscription_id = :sub"
                        + " and (cast(:status as text) is null or status = :status) order by created_at desc, id limit :limit")
                .param("sub", subscriptionId).param("status", status).param("limit", limit)
                .query(DeliveryRepository::row).list();
    }

    int redrive(UUID subscriptionId, Instant now, Instant giveUpAfter) {
        return jdbc.sql("update webhook_delivery set status = 'PENDING', attempts = 0, next_attempt_at = :now, give_up_after = :giveUp,"
                        + " last_error = null where subscription_id = :sub and status = 'DEAD_LETTERED'")
                .param("now", Timestamp.from(now)).param("giveUp", Timestamp.from(giveUpAfter)).param("sub", subscriptionId)
                .update();
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getObject("id", UUID.class), rs.getString("event_id"), rs.getString("event_type"), rs.getString("status"),
                rs.getInt("attempts"), (Integer) rs.getObject("last_status_code"), rs.getString("last_error"),
                instant(rs.getTimestamp("next_attempt_at")), instant(rs.getTimestamp("delivered_at")),
                instant(rs.getTimestamp("created_at")), rs.getObject("replay_id", UUID.class));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
