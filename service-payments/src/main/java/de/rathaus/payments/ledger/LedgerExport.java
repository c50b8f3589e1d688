package de.rathaus.payments.ledger;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads a municipality's bookings of one day (booking date in Europe/Berlin) with their postings. */
@Component
public class LedgerExport {

    public record Line(UUID bookingId, Instant bookedAt, Ledger.Kind kind, UUID paymentId, UUID refundId,
                       String referenceKind, UUID referenceId, int line, Ledger.Account account, Ledger.Side side,
                       long amountCents) {
    }

    public record Booking(UUID id, Instant bookedAt, Ledger.Kind kind, UUID paymentId, UUID refundId, String referenceKind,
                          UUID referenceId, List<Ledger.Posting> postings) {
    }

    private final JdbcClient jdbc;

    public LedgerExport(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Line> lines(String tenant, LocalDate day) {
        return jdbc.sql("""
                select b.id as booking_id, b.booked_at, b.kind, b.payment_id, b.refund_id, p.reference_kind, p.reference_id,
                       l.line, l.account, l.side, l.amount_cents
                from ledger_booking b
                join ledger_posting l on l.booking_id = b.id
                join payment p on p.id = b.payment_id
                where b.tenant = :tenant and b.booking_date = :day
                order by b.booked_at, b.id, l.line
                """)
                .param("tenant", tenant).param("day", day)
                .query((rs, n) -> new Line(rs.getObject("booking_id", UUID.class), rs.getTimestamp("booked_at").toInstant(),
                        Ledger.Kind.valueOf(rs.getString("kind")), rs.getObject("payment_id", UUID.class),
                        rs.getObject("refund_id", UUID.class), rs.getString("reference_kind"),
                        rs.getObject("reference_id", UUID.class), rs.getInt("line"),
                        Ledger.Account.valueOf(rs.getString("account")), Ledger.Side.valueOf(rs.getString("side")),
                        rs.getLong("amount_cents")))
                .list();
    }

    public List<Booking> bookings(String tenant, LocalDate day) {
        Map<UUID, Booking> bookings = new LinkedHashMap<>();
        for (Line line : lines(tenant, day)) {
            bookings.computeIfAbsent(line.bookingId(), id -> new Booking(id, line.bookedAt(), line.kind(), line.paymentId(),
                            line.refundId(), line.referenceKind(), line.referenceId(), new ArrayList<>()))
                    .postings().add(new Ledger.Posting(line.account(), line.side(), line.amountCents()));
        }
        return List.copyOf(bookings.values());
    }

    /** Balance per account (debit positive) over all bookings of a tenant up to {@code until}. */
    public Map<Ledger.Account, Long> balances(String tenant, Instant until) {
        Map<Ledger.Account, Long> balances = new LinkedHashMap<>();
        for (Ledger.Account account : Ledger.Account.values()) {
            balances.put(account, 0L);
        }
        jdbc.sql("""
                select l.account, sum(case when l.side = 'DEBIT' then l.amount_cents else -l.amount_cents end) as balance
                from ledger_booking b join ledger_posting l on l.booking_id = b.id
                where b.tenant = :tenant and b.booked_at <= :until group by l.account
                """)
                .param("tenant", tenant).param("until", Timestamp.from(until))
                .query((rs, n) -> Map.entry(Ledger.Account.valueOf(rs.getString("account")), rs.getLong("balance")))
                .list().forEach(e -> balances.put(e.getKey(), e.getValue()));
        return balances;
    }
}
