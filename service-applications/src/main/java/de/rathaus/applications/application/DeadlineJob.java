package de.rathaus.applications.application;

import de.rathaus.contracts.events.ApplicationOverdue;
import de.rathaus.platform.events.EventOutbox;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finds open cases past their due date. Reliable without a scheduler cluster: each batch locks its rows with
 * {@code FOR UPDATE SKIP LOCKED}, flags them and records ApplicationOverdue in the same transaction, so a case is
 * flagged exactly once even with several instances, and a crash before commit leaves it for the next run.
 * Where the catalog grants deemed approval (§ 42a VwVfG) an undecided case counts as approved instead.
 */
@Component
class DeadlineJob {

    private static final Logger log = LoggerFactory.getLogger(DeadlineJob.class);
    static final int BATCH = 200;

    private final ApplicationRepository applications;
    private final ApplicationService service;
    private final EventOutbox outbox;
    private final TransactionTemplate tx;
    private final Clock clock;

    DeadlineJob(ApplicationRepository applications, ApplicationService service, EventOutbox outbox, TransactionTemplate tx,
                Clock clock) {
        this.applications = applications;
        this.service = service;
        this.outbox = outbox;
        this.tx = tx;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${rathaus.applications.jobs.deadline-interval:PT1M}", initialDelayString = "PT20S")
    void scheduled() {
        int handled = run();
        if (handled > 0) {
            log.info("{} cases passed their processing deadline", handled);
        }
    }

    /** Handles every due case in batches; returns how many. */
    int run() {
        return Batches.drain(tx, BATCH, this::runBatch);
    }

    private int runBatch() {
        Instant now = clock.instant();
        LocalDate today = now.atZone(ApplicationService.BERLIN).toLocalDate();
        List<Application> due = applications.lockOverdue(today, BATCH);
        for (Application a : due) {
            boolean deemed = a.getDeemedApprovalDate() != null && !a.getDeemedApprovalDate().isAfter(today)
                    && (a.getStatus() == ApplicationStatus.SUBMITTED || a.getStatus() == ApplicationStatus.IN_REVIEW);
            if (deemed) {
                service.deemApproved(a);
                continue;
            }
            applications.flagOverdue(a.getId(), now);
            outbox.record(ApplicationEvents.OVERDUE, a.getId().toString(), a.getTenant(), new ApplicationOverdue(a.getId(),
                    a.getCitizenId(), a.getServiceType(), a.getDueDate(), a.getOrgUnit()));
        }
        return due.size();
    }
}
