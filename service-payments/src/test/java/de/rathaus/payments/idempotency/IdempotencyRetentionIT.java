package de.rathaus.payments.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import de.rathaus.payments.PaymentsApiTest;
import de.rathaus.testsupport.ApiClient.Response;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Keys are kept for the retention (24 h) and then forgotten by the cleanup job. */
class IdempotencyRetentionIT extends PaymentsApiTest {

    @Autowired
    IdempotencyConfiguration.IdempotencyCleanup cleanup;

    @Test
    void keysOlderThanTheRetentionAreDeletedYoungerOnesStillReplay() {
        String tenant = newTenant();
        String clerk = tokens.clerk("clerk", tenant);
        String freshKey = UUID.randomUUID().toString();
        String body = createBody("citizen-1", 500, "APPLICATION");
        Response first = post("/api/v1/payments", clerk, body, freshKey);
        assertThat(first.status()).isEqualTo(201);
        // 23 h old: still within the retention
        jdbc.sql("update idempotency_key set created_at = :at where idempotency_key = :key")
                .param("at", ago(Duration.ofHours(23))).param("key", freshKey).update();
        String oldKey = "old-" + UUID.randomUUID();
        jdbc.sql("""
                insert into idempotency_key (principal, idempotency_key, request_hash, status, response_status, created_at)
                values (:principal, :key, '\\x00'::bytea, 'COMPLETED', 201, :at)
                """).param("principal", tenant + ":clerk").param("key", oldKey)
                .param("at", ago(Duration.ofHours(25))).update();

        assertThat(cleanup.cleanUp()).isGreaterThanOrEqualTo(1);

        assertThat(jdbc.sql("select count(*) from idempotency_key where idempotency_key = :key").param("key", oldKey)
                .query(Long.class).single()).isZero();
        Response replay = post("/api/v1/payments", clerk, body, freshKey);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.body()).isEqualTo(first.body());
    }
}
