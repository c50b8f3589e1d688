package de.rathaus.applications.application;

import de.rathaus.applications.catalog.ServiceType;
import de.rathaus.applications.catalog.ServiceTypeRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finds open cases past their due date. Reliable without a scheduler cluster: each batch locks its rows with
 * {@code FOR UPDATE SKIP LOCKED}, flags them and records ApplicationOverdue in the same transaction, so a case is
 * flagged exactly once even with several instances, and a crash before commit leaves it for the next run.
 * Where the catalog grants deemed approval (§ 42a VwVfG) an undecided case counts as approved instead. "Today" is
 * the injected clock's date in Europe/Berlin.
 */
@Component
class DeadlineJob {

    static final int BATCH = 200;

    private final ApplicationRepository applications;
    private final Cases cases;
    private final CaseJournal journal;
    private final ServiceTypeRepository serviceTypes;
    private final TransactionTemplate tx;
    private final Clock clock;

    DeadlineJob(ApplicationRepository applications, Cases cases, CaseJournal journal, ServiceTypeRepository serviceTypes,
                TransactionTemplate tx, Clock clock) {
        this.applications = applications;
        this.cases = cases;
        this.journal = journal;
        this.serviceTypes = serviceTypes;
        this.tx = tx;
        this.clock = clock;
    }

    /** Handles every due case in batches; returns how many. */
    int run() {
        return Batches.drain(tx, BATCH, this::runBatch);
    }

    private int runBatch() {
        Instant now = clock.instant();
        LocalDate today = now.atZone(Application.BERLIN).toLocalDate();
        List<Application> due = applications.lockOverdue(today, BATCH);
        for (Application a : due) {
            if (a.isDeemedApprovalDue(today)) {
                deemApproved(a, today, now);
            } else if (a.isOverdue(today)) {
                applications.flagOverdue(a.getId(), now);
                journal.overdue(a);
            }
        }
        return due.size();
    }

    private void deemApproved(Application a, LocalDate today, Instant now) {
        ServiceType type = serviceTypes.find(a.getTenant(), a.getServiceType(), a.getServiceTypeVersion());
        ApplicationStatus previous = a.deemApproved(today, now);
        cases.save(a);
        journal.decided(a, previous, CaseJournal.SYSTEM, true, type, now);
    }
}
