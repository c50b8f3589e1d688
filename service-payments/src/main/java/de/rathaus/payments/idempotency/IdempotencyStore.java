package de.rathaus.payments.idempotency;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Idempotency keys in the service's database, so that every instance sees them. Each statement commits on its own:
 * the IN_PROGRESS claim must be visible to a concurrent duplicate before the first request has finished.
 */
@Repository
class IdempotencyStore {

    enum State { IN_PROGRESS, COMPLETED }

    record Entry(byte[] requestHash, State status, Integer responseStatus, String responseHeaders, byte[] responseBody,
                 Instant createdAt) {

        Map<String, String> headers(JsonMapper json) {
            return responseHeaders == null ? Map.of() : json.readValue(responseHeaders, new TypeReference<Map<String, String>>() { });
        }
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    IdempotencyStore(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** Claims the key for a new request; false if the key exists. */
    boolean claim(String principal, String key, byte[] hash) {
        return jdbc.sql("""
                insert into idempotency_key (principal, idempotency_key, request_hash, status, created_at)
                values (:principal, :key, :hash, 'IN_PROGRESS', :now) on conflict do nothing
                """)
                .param("principal", principal).param("key", key).param("hash", hash)
                .param("now", Timestamp.from(clock.instant()))
                .update() == 1;
    }

    /** Takes over a claim whose request died (still IN_PROGRESS after {@code lockTimeout}); one taker wins. */
    boolean takeOver(String principal, String key, byte[] hash, Duration lockTimeout) {
        Instant now = clock.instant();
        return jdbc.sql("""
                update idempotency_key set created_at = :now
                where principal = :principal and idempotency_key = :key and request_hash = :hash
                  and status = 'IN_PROGRESS' and created_at < :stale
                """)
                .param("principal", principal).param("key", key).param("hash", hash)
                .param("now", Timestamp.from(now)).param("stale", Timestamp.from(now.minus(lockTimeout)))
                .update() == 1;
    }

    Optional<Entry> find(String principal, String key) {
        return jdbc.sql("""
                select request_hash, status, response_status, response_headers::text as response_headers, response_body, created_at
                from idempotency_key where principal = :principal and idempotency_key = :key
                """)
                .param("principal", principal).param("key", key)
                .query(Entry.class).optional();
    }

    void complete(String principal, String key, int status, Map<String, String> headers, byte[] body) {
        jdbc.sql("""
                update idempotency_key set status = 'COMPLETED', response_status = :status,
                       response_headers = cast(:headers as jsonb), response_body = :body, completed_at = :now
                where principal = :principal and idempotency_key = :key
                """)
                .param("principal", principal).param("key", key).param("status", status)
                .param("headers", json.writeValueAsString(headers)).param("body", body)
                .param("now", Timestamp.from(clock.instant()))
                .update();
    }

    /** Forgets a claim whose request failed without a storable answer, so that the client's retry runs again. */
    void release(String principal, String key) {
        jdbc.sql("delete from idempotency_key where principal = :principal and idempotency_key = :key and status = 'IN_PROGRESS'")
                .param("principal", principal).param("key", key).update();
    }

    int deleteOlderThan(Instant cutoff) {
        return jdbc.sql("delete from idempotency_key where created_at < :cutoff")
                .param("cutoff", Timestamp.from(cutoff)).update();
    }
}
