package de.rathaus.payments.payment;

import de.rathaus.payments.JobPages;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Payments in SQL. Every status change is a conditional {@code update ... where status in (...)}: of two racing
 * changes (a duplicate notification, the expiry job and a late success, two instances) exactly one wins, and only
 * the winner books and records an event.
 */
@Repository
public class PaymentRepository {

    static final String COLUMNS = """
            id, tenant, citizen_id, reference_kind, reference_id, amount_cents, currency, description, status, finished,
            failure_code, failure_message, provider, provider_ref, next_url, return_url, amount_refunded_cents,
            created_at, started_at, finished_at, updated_at""";

    private final JdbcClient jdbc;

    public PaymentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the payment unless a live (open or succeeded) one exists for the same reference; true if inserted. */
    boolean insertIfNoLivePayment(Payment p) {
        return jdbc.sql("""
                insert into payment (id, tenant, citizen_id, reference_kind, reference_id, amount_cents, currency,
                                     description, status, return_url, created_at, updated_at)
                values (:id, :tenant, :citizenId, :kind, :referenceId, :amount, :currency, :description, 'CREATED',
                        :returnUrl, :createdAt, :createdAt)
                on conflict do nothing
                """)
                .param("id", p.id())
                .param("tenant", p.tenant())
                .param("citizenId", p.citizenId())
                .param("kind", p.referenceKind().name())
                .param("referenceId", p.referenceId())
                .param("amount", p.amountCents())
                .param("currency", p.currency())
                .param("description", p.description())
                .param("returnUrl", p.returnUrl())
                .param("createdAt", Timestamp.from(p.createdAt()))
                .update() == 1;
    }

    public Optional<Payment> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from payment where id = :id").param("id", id).query(Payment.class).optional();
    }

    public Optional<Payment> findInTenant(String tenant, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from payment where tenant = :tenant and id = :id")
                .param("tenant", tenant)
                .param("id", id)
                .query(Payment.class)
                .optional();
    }

    public Optional<Payment> findLive(String tenant, Payment.ReferenceKind kind, UUID referenceId) {
        return jdbc.sql("select " + COLUMNS + " " + """
                         from payment where tenant = :tenant and reference_kind = :kind and reference_id = :referenceId
                         and status in ('CREATED', 'STARTED', 'SUCCEEDED')""")
                .param("tenant", tenant).param("kind", kind.name()).param("referenceId", referenceId)
                .query(Payment.class).optional();
    }

    List<Payment> findByCitizen(String tenant, String citizenId) {
        return jdbc.sql("select " + COLUMNS + " from payment where tenant = :tenant and citizen_id = :citizenId order by created_at desc limit 500")
                .param("tenant", tenant)
                .param("citizenId", citizenId)
                .query(Payment.class)
                .list();
    }

    List<Payment> findByTenant(String tenant, Payment.PaymentStatus status, UUID referenceId, int limit) {
        return jdbc.sql("select " + COLUMNS + " " + """
                         from payment where tenant = :tenant
                         and (cast(:status as text) is null or status = :status)
                         and (cast(:referenceId as uuid) is null or reference_id = :referenceId)
                         order by created_at desc limit :limit""")
                .param("tenant", tenant)
                .param("status", status == null ? null : status.name())
                .param("referenceId", referenceId)
                .param("limit", limit)
                .query(Payment.class)
                .list();
    }

    /** CREATED → STARTED with the provider's checkout; empty if the payment was no longer CREATED. */
    Optional<Payment> markStarted(UUID id, String provider, String providerRef, String nextUrl, Instant now) {
        return jdbc.sql("""
                update payment set status = 'STARTED', provider = :provider, provider_ref = :providerRef,
                                   next_url = :nextUrl, started_at = :now, updated_at = :now
                where id = :id and status = 'CREATED'
                returning\s""" + COLUMNS)
                .param("id", id).param("provider", provider).param("providerRef", providerRef).param("nextUrl", nextUrl)
                .param("now", Timestamp.from(now))
                .query(Payment.class).optional();
    }

    /**
     * An unfinished payment becomes {@code to} (a finished status); empty if it was finished already (or not in
     * one of {@code from}).
     */
    Optional<Payment> finish(UUID id, Collection<Payment.PaymentStatus> from, Payment.PaymentStatus to, FailureCode failure, Instant now) {
        if (!to.finished()) {
            throw new IllegalArgumentException(to + " is not a finished status");
        }
        return jdbc.sql("""
                update payment set status = :to, finished = true, failure_code = :code, failure_message = :message,
                                   next_url = null, finished_at = :now, updated_at = :now
                where id = :id and status in (:from)
                returning\s""" + COLUMNS)
                .param("id", id).param("to", to.name()).param("from", from.stream().map(Enum::name).toList())
                .param("code", failure == null ? null : failure.code())
                .param("message", failure == null ? null : failure.message())
                .param("now", Timestamp.from(now))
                .query(Payment.class).optional();
    }

    /** Unfinished payments created before {@code cutoff}, oldest first, the page after {@code after} (null: the first). */
    List<Payment> findUnfinishedCreatedBefore(Instant cutoff, Payment after, int limit) {
        return JobPages.page(jdbc, "select " + COLUMNS + " from payment where not finished", "created_at", cutoff,
                after, Payment::createdAt, Payment::id, limit, Payment.class);
    }

    /** Payments STARTED before {@code cutoff}, oldest first, the page after {@code after} (null: the first). */
    List<Payment> findStartedBefore(Instant cutoff, Payment after, int limit) {
        return JobPages.page(jdbc, "select " + COLUMNS + " from payment where status = 'STARTED'", "started_at", cutoff,
                after, Payment::startedAt, Payment::id, limit, Payment.class);
    }
}
