package de.rathaus.payments.ledger;

import de.rathaus.payments.payment.Payment;
import de.rathaus.payments.payment.PaymentChange;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The double-entry journal of each municipality. The ledger reacts to each {@link PaymentChange}, in the transaction
 * of the state change that causes it (a booking that fails rolls the change back):
 * <pre>
 *   CLAIM_RAISED       payment created               debit RECEIVABLES     credit FEE_INCOME
 *   PAYMENT_RECEIVED   payment succeeded             debit BANK_CLEARING   credit RECEIVABLES
 *   CLAIM_WRITTEN_OFF  failed, cancelled, expired    debit FEE_INCOME      credit RECEIVABLES
 *   REFUND_PAID        refund confirmed              debit REFUNDS         credit BANK_CLEARING
 * </pre>
 * Every booking balances (checked here and by a deferred constraint trigger at commit); each kind is booked at most
 * once per payment (per refund for refunds) by unique indexes, so a duplicate can never book twice.
 */
@Component
public class Ledger {

    /** Booking dates are the municipality's calendar days. */
    public static final ZoneId BOOKING_ZONE = ZoneId.of("Europe/Berlin");

    public enum Account { RECEIVABLES, FEE_INCOME, BANK_CLEARING, REFUNDS }

    public enum Side { DEBIT, CREDIT }

    public enum Kind { CLAIM_RAISED, PAYMENT_RECEIVED, CLAIM_WRITTEN_OFF, REFUND_PAID }

    public record Posting(Account account, Side side, long amountCents) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    public Ledger(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @EventListener
    void on(PaymentChange.Created created) {
        Payment p = created.payment();
        book(p, Kind.CLAIM_RAISED, null, Account.RECEIVABLES, Account.FEE_INCOME, p.amountCents());
    }

    @EventListener
    void on(PaymentChange.Finished finished) {
        Payment p = finished.payment();
        if (p.status() == Payment.PaymentStatus.SUCCEEDED) {
            book(p, Kind.PAYMENT_RECEIVED, null, Account.BANK_CLEARING, Account.RECEIVABLES, p.amountCents());
        } else {
            book(p, Kind.CLAIM_WRITTEN_OFF, null, Account.FEE_INCOME, Account.RECEIVABLES, p.amountCents());
        }
    }

    @EventListener
    void on(PaymentChange.Refunded refunded) {
        book(refunded.payment(), Kind.REFUND_PAID, refunded.refundId(), Account.REFUNDS, Account.BANK_CLEARING,
                refunded.amountCents());
    }

    private void book(Payment p, Kind kind, UUID refundId, Account debit, Account credit, long amount) {
        book(p.tenant(), p.id(), kind, refundId, List.of(new Posting(debit, Side.DEBIT, amount), new Posting(credit, Side.CREDIT, amount)));
    }

    /** @return false if this booking existed already (nothing booked) */
    boolean book(String tenant, UUID paymentId, Kind kind, UUID refundId, List<Posting> postings) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Bookings belong into the transaction of the state change that causes them");
        }
        long debits = postings.stream().filter(x -> x.side() == Side.DEBIT).mapToLong(Posting::amountCents).sum();
        long credits = postings.stream().filter(x -> x.side() == Side.CREDIT).mapToLong(Posting::amountCents).sum();
        if (postings.size() < 2 || debits != credits || postings.stream().anyMatch(x -> x.amountCents() <= 0)) {
            throw new IllegalArgumentException("Unbalanced booking %s for payment %s: debit %d, credit %d".formatted(kind, paymentId, debits, credits));
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        LocalDate day = now.atZone(BOOKING_ZONE).toLocalDate();
        int inserted = jdbc.sql("""
                insert into ledger_booking (id, tenant, kind, payment_id, refund_id, booked_at, booking_date)
                values (:id, :tenant, :kind, :paymentId, :refundId, :bookedAt, :day)
                on conflict do nothing
                """)
                .param("id", id).param("tenant", tenant).param("kind", kind.name()).param("paymentId", paymentId)
                .param("refundId", refundId).param("bookedAt", Timestamp.from(now)).param("day", day)
                .update();
        if (inserted == 0) {
            return false;
        }
        // all postings in one statement: one round trip per booking
        StringBuilder sql = new StringBuilder("insert into ledger_posting (booking_id, line, account, side, amount_cents) values ");
        for (int i = 0; i < postings.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(:id, %d, :account%d, :side%d, :amount%d)".formatted(i + 1, i, i, i));
        }
        JdbcClient.StatementSpec statement = jdbc.sql(sql.toString()).param("id", id);
        for (int i = 0; i < postings.size(); i++) {
            statement = statement.param("account" + i, postings.get(i).account().name())
                    .param("side" + i, postings.get(i).side().name())
                    .param("amount" + i, postings.get(i).amountCents());
        }
        statement.update();
        return true;
    }
}
