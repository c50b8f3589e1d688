package de.rathaus.payments.refund;

import static org.assertj.core.api.Assertions.assertThat;

import de.rathaus.payments.PaymentsProperties;
import de.rathaus.payments.ledger.Ledger;
import de.rathaus.payments.payment.Payment;
import de.rathaus.payments.payment.PaymentEvents;
import de.rathaus.payments.payment.PaymentProvider.Outcome;
import de.rathaus.payments.payment.PaymentProvider;
import de.rathaus.payments.payment.PaymentRepository;
import de.rathaus.payments.payment.PaymentService;
import de.rathaus.platform.events.EventOutbox;
import de.rathaus.platform.security.CurrentUser;
import de.rathaus.platform.web.ConflictException;
import de.rathaus.testsupport.LocalPostgres;
import de.rathaus.testsupport.TestClock;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.flywaydb.core.Flyway;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Property: whatever sequence of creations, checkouts, provider notifications (duplicated, reordered, contradicting),
 * expiries, cancellations and refunds (within and beyond what is refundable) happens, every journal balances, each
 * payment is booked exactly as its final status says, refunds never exceed the payment, and each payment announces
 * its end at most once. Runs the real services and SQL against PostgreSQL; only the provider is an in-memory fake.
 */
class LedgerBalancePropertyIT {

    sealed interface Op permits Create, Start, Notify, Expire, Cancel, RefundOp {
    }

    record Create(long amountCents) implements Op {
    }

    record Start(int payment) implements Op {
    }

    record Notify(int payment, Outcome outcome) implements Op {
    }

    record Expire(int payment) implements Op {
    }

    record Cancel(int payment) implements Op {
    }

    record RefundOp(int payment, Long amountCents) implements Op {
    }

    private static final Services services = new Services(LocalPostgres.ensureDatabase("test_payments_ledger"));

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Integer> index = Arbitraries.integers().between(0, 7);
        Arbitrary<Op> op = Arbitraries.oneOf(
                Arbitraries.longs().between(1, 10_000).map(Create::new),
                index.map(Start::new),
                Combinators.combine(index, Arbitraries.of(Outcome.SUCCEEDED, Outcome.SUCCEEDED, Outcome.FAILED,
                        Outcome.CANCELLED, Outcome.EXPIRED, Outcome.STARTED)).as(Notify::new),
                index.map(Expire::new),
                index.map(Cancel::new),
                Combinators.combine(index, Arbitraries.longs().between(1, 12_000).injectNull(0.3)).as(RefundOp::new));
        return op.list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 40)
    void everyJournalBalancesWhateverHappens(@ForAll("operations") List<Op> operations) {
        String tenant = "p-" + UUID.randomUUID().toString().substring(0, 12);
        CurrentUser clerk = new CurrentUser("clerk", tenant, Set.of(CurrentUser.CLERK));
        List<UUID> payments = new ArrayList<>();
        for (Op op : operations) {
            if (op instanceof Create create) {
                payments.add(services.payments.create(new PaymentService.NewPayment(tenant, "citizen", Payment.ReferenceKind.APPLICATION,
                        UUID.randomUUID(), create.amountCents(), "EUR", "Gebühr", null)).id());
                continue;
            }
            if (payments.isEmpty()) {
                continue;
            }
            try {
                if (op instanceof Start s) {
                    services.payments.startCheckout(new CurrentUser("citizen", tenant, Set.of(CurrentUser.CITIZEN)), pick(payments, s.payment()));
                } else if (op instanceof Notify n) {
                    Payment p = services.repository.find(pick(payments, n.payment())).orElseThrow();
                    services.payments.applyProviderOutcome(p.id(), p.providerRef(), n.outcome(), null, p.amountCents());
                } else if (op instanceof Expire e) {
                    services.payments.expire(pick(payments, e.payment()));
                } else if (op instanceof Cancel c) {
                    services.payments.cancel(clerk, pick(payments, c.payment()));
                } else if (op instanceof RefundOp r) {
                    services.refunds.refund(clerk, pick(payments, r.payment()), r.amountCents(), "property test");
                }
            } catch (ConflictException expected) {
                // finished payments cannot be started or cancelled; refunds beyond what is refundable are refused
            }
        }
        assertInvariants(tenant, payments);
    }

    private static UUID pick(List<UUID> payments, int index) {
        return payments.get(index % payments.size());
    }

    private void assertInvariants(String tenant, List<UUID> ids) {
        JdbcClient jdbc = services.jdbc;
        assertThat(jdbc.sql("""
                select b.id from ledger_booking b join ledger_posting l on l.booking_id = b.id where b.tenant = :tenant
                group by b.id having sum(case when l.side = 'DEBIT' then l.amount_cents else -l.amount_cents end) <> 0
                    or count(*) < 2""").param("tenant", tenant).query().listOfRows()).as("unbalanced bookings").isEmpty();

        long unfinished = 0;
        long paid = 0;
        long refunded = 0;
        long income = 0;
        for (UUID id : ids) {
            Payment p = services.repository.find(id).orElseThrow();
            Map<String, Long> kinds = new java.util.HashMap<>();
            jdbc.sql("select kind, count(*) as n from ledger_booking where payment_id = :id group by kind").param("id", id)
                    .query((rs, n) -> Map.entry(rs.getString("kind"), rs.getLong("n"))).list()
                    .forEach(e -> kinds.put(e.getKey(), e.getValue()));
            assertThat(kinds.getOrDefault("CLAIM_RAISED", 0L)).isEqualTo(1);
            assertThat(kinds.getOrDefault("PAYMENT_RECEIVED", 0L)).isEqualTo(p.status() == Payment.PaymentStatus.SUCCEEDED ? 1 : 0);
            assertThat(kinds.getOrDefault("CLAIM_WRITTEN_OFF", 0L)).isEqualTo(p.finished() && p.status() != Payment.PaymentStatus.SUCCEEDED ? 1 : 0);
            long refundsOk = jdbc.sql("select coalesce(sum(amount_cents), 0) from refund where payment_id = :id and status = 'SUCCEEDED'")
                    .param("id", id).query(Long.class).single();
            assertThat(refundsOk).isEqualTo(p.amountRefundedCents()).isLessThanOrEqualTo(p.amountCents());
            assertThat(kinds.getOrDefault("REFUND_PAID", 0L)).isEqualTo(jdbc.sql(
                    "select count(*) from refund where payment_id = :id and status = 'SUCCEEDED'").param("id", id).query(Long.class).single());
            long endEvents = jdbc.sql("""
                    select count(*) from outbox_event where message_key = :id and event_type in
                    ('de.rathaus.payments.PaymentSucceeded.v1', 'de.rathaus.payments.PaymentFailed.v1', 'de.rathaus.payments.PaymentExpired.v1')""")
                    .param("id", id.toString()).query(Long.class).single();
            assertThat(endEvents).isEqualTo(p.finished() ? 1 : 0);
            if (!p.finished()) {
                unfinished += p.amountCents();
                income += p.amountCents();
            } else if (p.status() == Payment.PaymentStatus.SUCCEEDED) {
                paid += p.amountCents();
                income += p.amountCents();
            }
            refunded += refundsOk;
        }
        Map<String, Long> balances = new java.util.HashMap<>();
        jdbc.sql("""
                select l.account, sum(case when l.side = 'DEBIT' then l.amount_cents else -l.amount_cents end) as balance
                from ledger_booking b join ledger_posting l on l.booking_id = b.id where b.tenant = :tenant group by l.account""")
                .param("tenant", tenant).query((rs, n) -> Map.entry(rs.getString("account"), rs.getLong("balance"))).list()
                .forEach(e -> balances.put(e.getKey(), e.getValue()));
        assertThat(balances.getOrDefault("RECEIVABLES", 0L)).isEqualTo(unfinished);
        assertThat(balances.getOrDefault("BANK_CLEARING", 0L)).isEqualTo(paid - refunded);
        assertThat(balances.getOrDefault("FEE_INCOME", 0L)).isEqualTo(-income);
        assertThat(balances.getOrDefault("REFUNDS", 0L)).isEqualTo(refunded);
        assertThat(balances.values().stream().mapToLong(Long::longValue).sum()).isZero();
    }

    /**
     * The real services on a real database; the provider is a fake that always answers. The ledger and the outbox
     * react to the payments' changes through Spring's event listeners, as in the service.
     */
    static final class Services {
        final JdbcClient jdbc;
        final PaymentRepository repository;
        final PaymentService payments;
        final RefundService refunds;

        Services(LocalPostgres.Database db) {
            DataSource dataSource = new DriverManagerDataSource(db.jdbcUrl(), db.username(), db.password());
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration", "classpath:db/platform").load().migrate();
            Clock clock = TestClock.standard();
            jdbc = JdbcClient.create(dataSource);
            TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
            AnnotationConfigApplicationContext reactions = new AnnotationConfigApplicationContext();
            reactions.registerBean(Ledger.class, () -> new Ledger(jdbc, clock));
            reactions.registerBean(PaymentEvents.class, () ->
                    new PaymentEvents(new EventOutbox(jdbc, JsonMapper.builder().build(), "urn:test", clock, () -> { })));
            reactions.refresh();
            PaymentsProperties props = new PaymentsProperties(Duration.ofMinutes(90), "http://localhost/", Duration.ofMinutes(10),
                    new PaymentsProperties.Jobs(Duration.ofSeconds(60), 100), Duration.ofHours(24), Duration.ofSeconds(60), Duration.ofDays(30),
                    new PaymentsProperties.Provider("", "key", "a-secret-of-sixteen-chars", Duration.ofSeconds(300), Duration.ofSeconds(5)));
            repository = new PaymentRepository(jdbc);
            PaymentProvider fake = new FakeProvider();
            payments = new PaymentService(repository, reactions, fake, tx, clock, props);
            refunds = new RefundService(new RefundRepository(jdbc), repository, reactions, fake, tx, clock, Runnable::run, props);
        }
    }

    static final class FakeProvider implements PaymentProvider {
        @Override
        public String name() {
            return "fake";
        }

        @Override
        public Checkout createCheckout(CheckoutRequest request) {
            return new Checkout("chk_" + UUID.randomUUID(), "http://psp/" + request.paymentId());
        }

        @Override
        public ProviderStatus queryStatus(String checkoutId) {
            return new ProviderStatus(Outcome.OPEN, null, null);
        }

        @Override
        public boolean cancelCheckout(String checkoutId) {
            return true;
        }

        @Override
        public RefundResult refund(String checkoutId, UUID refundId, long amountCents) {
            return new RefundResult(true, "rfd_" + refundId, null);
        }
    }
}
