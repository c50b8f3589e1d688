package de.rathaus.payments.refund;

import de.rathaus.payments.JobPages;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class RefundRepository {

    private static final String COLUMNS = "id, payment_id, tenant, amount_cents, reason, status, requested_by, provider_ref, created_at, finished_at";

    private final JdbcClient jdbc;

    RefundRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The refund guard: reserves {@code amount} on a succeeded payment only if that much is still refundable.
     * One statement, so two concurrent refunds can never together exceed what was paid.
     */
    boolean reserve(UUID paymentId, long amount, Instant now) {
        return jdbc.sql("""
                update payment set amount_refunded_cents = amount_refunded_cents + :amount, updated_at = :now
                where id = :id and status = 'SUCCEEDED' and amount_cents - amount_refunded_cents >= :amount
                """)
                .param("id", paymentId).param("amount", amount).param("now", Timestamp.from(now))
                .update() == 1;
    }

    /** Gives a failed refund's reservation back. */
    void release(UUID paymentId, long amount, Instant now) {
        jdbc.sql("update payment set amount_refunded_cents = amount_refunded_cents - :amount, updated_at = :now where id = :id")
                .param("id", paymentId).param("amount", amount).param("now", Timestamp.from(now))
                .update();
    }

    /** What is still refundable, with the payment row locked until the end of the transaction. */
    Optional<Long> lockAvailable(UUID paymentId) {
        return jdbc.sql("select amount_cents - amount_refunded_cents from payment where id = :id and status = 'SUCCEEDED' for update")
                .param("id", paymentId).query(Long.class).optional();
    }

    void insert(Refund r) {
        jdbc.sql("""
                insert into refund (id, payment_id, tenant, amount_cents, reason, status, requested_by, created_at)
                values (:id, :paymentId, :tenant, :amount, :reason, 'SUBMITTED', :requestedBy, :createdAt)
                """)
                .param("id", r.id()).param("paymentId", r.paymentId()).param("tenant", r.tenant())
                .param("amount", r.amountCents()).param("reason", r.reason()).param("requestedBy", r.requestedBy())
                .param("createdAt", Timestamp.from(r.createdAt()))
                .update();
    }

    /** SUBMITTED → {@code to}; empty if it was no longer SUBMITTED (another instance finished it). */
    Optional<Refund> finish(UUID id, Refund.Status to, String providerRef, Instant now) {
        return jdbc.sql("""
                update refund set status = :to, provider_ref = :providerRef, finished_at = :now
                where id = :id and status = 'SUBMITTED'
                returning\s""" + COLUMNS)
                .param("id", id).param("to", to.name()).param("providerRef", providerRef).param("now", Timestamp.from(now))
                .query(Refund.class).optional();
    }

    Optional<Refund> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from refund where id = :id").param("id", id).query(Refund.class).optional();
    }

    List<Refund> findByPayment(UUID paymentId) {
        return jdbc.sql("select " + COLUMNS + " from refund where payment_id = :paymentId order by created_at, id")
                .param("paymentId", paymentId).query(Refund.class).list();
    }

    /** Refunds still SUBMITTED that were created before {@code cutoff}, oldest first, the page after {@code after}. */
    List<Refund> findSubmittedBefore(Instant cutoff, Refund after, int limit) {
        return JobPages.page(jdbc, "select " + COLUMNS + " from refund where status = 'SUBMITTED'", "created_at", cutoff,
                after, Refund::createdAt, Refund::id, limit, Refund.class);
    }
}
