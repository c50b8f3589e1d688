package de.rathaus.appointments.waitlist;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tells waiters about newly released days. Each office's last released day moves forward once a day at its release
 * time (today + latest_days, see {@code office_bookable}); {@code office.released_through} is the last day the
 * waiters have been told about. Whenever the two differ, the days in between are announced
 * ({@link Waitlist#announceReleasedDay}) and the watermark is moved, in one transaction per office under
 * {@code FOR NO KEY UPDATE SKIP LOCKED}: the work survives restarts (it is derived from the database, a missed
 * release is announced on the next run), several instances share it, and no day is announced twice. A shorter
 * booking window never moves the watermark back, so days released before are not announced again. An office without
 * a watermark (inserted by SQL rather than the admin API) gets the day released now, without announcements. "Now" is
 * the service's clock. Public: JobSchedule runs it on the scheduler, tests run it themselves.
 */
@Component
public class ReleasedDays {

    private static final Logger log = LoggerFactory.getLogger(ReleasedDays.class);
    /** After a long outage, only the most recent days are announced (older ones are long booked or known). */
    private static final int MAX_DAYS_PER_RUN = 62;

    private final JdbcClient jdbc;
    private final Waitlist waitlist;
    private final TransactionTemplate transactions;
    private final Clock clock;

    ReleasedDays(JdbcClient jdbc, Waitlist waitlist, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.waitlist = waitlist;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Announces the days released since the last run, office by office. */
    public void run() {
        while (Boolean.TRUE.equals(transactions.execute(status -> announceNextOffice()))) {
            // one office per transaction until none is behind
        }
    }

    record Due(UUID id, String tenant, String name, LocalDate releasedThrough, LocalDate lastReleased, LocalDate today) {
    }

    private boolean announceNextOffice() {
        Optional<Due> next = jdbc.sql("""
                select o.id, o.tenant, o.name, o.released_through, b.last_released, b.today
                from office o
                join office_bookable(cast(:now as timestamptz)) b on b.office_id = o.id
                where o.released_through is null or o.released_through < b.last_released
                order by o.id
                limit 1
                for no key update of o skip locked
                """)
                .param("now", Timestamp.from(clock.instant()))
                .query(Due.class).optional();
        if (next.isEmpty()) {
            return false;
        }
        Due due = next.get();
        if (due.releasedThrough() == null) {
            // an office inserted without a watermark (not through the admin API): it starts at the day released now
            jdbc.sql("update office set released_through = :day where id = :id")
                    .param("day", due.lastReleased()).param("id", due.id()).update();
            return true;
        }
        LocalDate first = due.releasedThrough().plusDays(1);
        if (first.isBefore(due.today())) {
            first = due.today();
        }
        if (first.isBefore(due.lastReleased().minusDays(MAX_DAYS_PER_RUN - 1))) {
            first = due.lastReleased().minusDays(MAX_DAYS_PER_RUN - 1);
        }
        int told = 0;
        for (LocalDate day = first; !day.isAfter(due.lastReleased()); day = day.plusDays(1)) {
            told += waitlist.announceReleasedDay(due.tenant(), due.id(), due.name(), day);
        }
        jdbc.sql("update office set released_through = :day where id = :id")
                .param("day", due.lastReleased()).param("id", due.id()).update();
        log.info("Released days {}..{} of office {} announced to {} waiter(s)", first, due.lastReleased(), due.id(), told);
        return true;
    }
}
