package de.rathaus.payments.payment;

import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class PaymentRepository {

    private static final String COLUMNS = """
            id, tenant, citizen_id, reference_kind, reference_id, amount_cents, currency, description, status,
            created_at, updated_at""";

    private final JdbcClient jdbc;

    PaymentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the payment unless one exists for the same reference; true if inserted. */
    boolean insertIfAbsent(Payment p) {
        return jdbc.sql("""
                insert into payment (id, tenant, citizen_id, reference_kind, reference_id, amount_cents, currency,
                                     description, status, created_at, updated_at)
                values (:id, :tenant, :citizenId, :kind, :referenceId, :amount, :currency, :description, :status,
                        :createdAt, :updatedAt)
                on conflict (reference_kind, reference_id) do nothing
                """)
                .param("id", p.id())
                .param("tenant", p.tenant())
                .param("citizenId", p.citizenId())
                .param("kind", p.referenceKind().name())
                .param("referenceId", p.referenceId())
                .param("amount", p.amountCents())
                .param("currency", p.currency())
                .param("description", p.description())
                .param("status", p.status().name())
                .param("createdAt", Timestamp.from(p.createdAt()))
                .param("updatedAt", Timestamp.from(p.updatedAt()))
                .update() == 1;
    }

    Optional<Payment> findInTenant(String tenant, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from payment where tenant = :tenant and id = :id")
                .param("tenant", tenant)
                .param("id", id)
                .query(Payment.class)
                .optional();
    }

    List<Payment> findByCitizen(String tenant, String citizenId) {
        return jdbc.sql("select " + COLUMNS + " from payment where tenant = :tenant and citizen_id = :citizenId order by created_at desc limit 500")
                .param("tenant", tenant)
                .param("citizenId", citizenId)
                .query(Payment.class)
                .list();
    }
}
