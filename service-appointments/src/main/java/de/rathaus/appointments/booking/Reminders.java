package de.rathaus.appointments.booking;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records AppointmentReminderDue once per booked appointment when {@code reminder_due_at} (start minus
 * {@code rathaus.appointments.booking.reminder-lead}) has passed. The due time is a column, so the schedule survives restarts;
 * marking the row and recording the event happen in one transaction under {@code FOR UPDATE SKIP LOCKED}, so no
 * reminder is recorded twice, not even by two instances. A reschedule sets a new due time. Whether a reminder is due
 * is judged by the service's clock. Public: JobSchedule runs it on the scheduler, tests run it themselves.
 */
@Component
public class Reminders {

    private static final Logger log = LoggerFactory.getLogger(Reminders.class);
    private static final int BATCH = 100;

    private final AppointmentRepository appointments;
    private final AppointmentEvents events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    Reminders(AppointmentRepository appointments, AppointmentEvents events, TransactionTemplate transactions, Clock clock) {
        this.appointments = appointments;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Records every reminder due by now, one batch per transaction. */
    public void run() {
        int recorded;
        do {
            recorded = transactions.execute(status -> recordBatch());
        } while (recorded == BATCH);
    }

    private int recordBatch() {
        Instant now = clock.instant();
        List<Appointment> due = appointments.lockDueReminders(now, BATCH);
        for (Appointment appointment : due) {
            appointments.markReminderSent(appointment.id(), now);
            events.reminderDue(appointment);
        }
        if (!due.isEmpty()) {
            log.info("Recorded {} appointment reminders", due.size());
        }
        return due.size();
    }
}
