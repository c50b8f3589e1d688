package de.rathaus.appointments.booking;

import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Frees the capacity of reservations whose hold ran out: EXPIRED, places given back, the next waiter told. Runs in
 * batches with {@code FOR UPDATE SKIP LOCKED}, so several instances share the work and a confirm racing with the
 * job either wins (booked) or sees EXPIRED. A confirm after the hold is refused even before the job has run. Whether
 * a hold has run out is judged by the service's clock. Public: JobSchedule runs it on the scheduler, tests run it
 * themselves.
 */
@Component
public class HoldExpiry {

    private static final Logger log = LoggerFactory.getLogger(HoldExpiry.class);
    private static final int BATCH = 100;

    private final AppointmentRepository appointments;
    private final FreedPlaces freedPlaces;
    private final FullSlots fullSlots;
    private final TransactionTemplate transactions;
    private final Clock clock;

    HoldExpiry(AppointmentRepository appointments, FreedPlaces freedPlaces, FullSlots fullSlots, TransactionTemplate transactions,
               Clock clock) {
        this.appointments = appointments;
        this.fullSlots = fullSlots;
        this.freedPlaces = freedPlaces;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Expires every hold that has run out by now, one batch per transaction. */
    public void run() {
        int expired;
        do {
            expired = transactions.execute(status -> expireBatch());
        } while (expired == BATCH);
    }

    private int expireBatch() {
        List<Appointment> holds = appointments.lockExpiredHolds(clock.instant(), BATCH);
        for (Appointment hold : holds) {
            appointments.setStatus(hold.id(), Appointment.Status.EXPIRED);
            appointments.release(hold.officeId(), hold.serviceType(), hold.startsAt(), hold.endsAt());
            fullSlots.forget(hold.slotId());
            freedPlaces.offer(hold);
        }
        if (!holds.isEmpty()) {
            log.info("Expired {} reservation holds", holds.size());
        }
        return holds.size();
    }
}
