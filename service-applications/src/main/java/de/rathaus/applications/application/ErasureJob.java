package de.rathaus.applications.application;

import de.rathaus.applications.document.DocumentStorage;
import de.rathaus.contracts.events.ApplicationErased;
import de.rathaus.platform.events.EventOutbox;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Erases the personal data of closed cases once the catalog's retention period after closure has passed: form
 * data, documents (metadata and content), notes, reasons and timeline texts; the applicant becomes
 * {@value #PLACEHOLDER}. The case skeleton (service, status, dates) stays for statistics. ApplicationErased is
 * recorded in the same transaction; document files are deleted after the commit.
 */
@Component
class ErasureJob {

    static final String PLACEHOLDER = "erased";
    private static final Logger log = LoggerFactory.getLogger(ErasureJob.class);
    private static final int BATCH = 100;

    private final ApplicationRepository applications;
    private final DocumentStorage storage;
    private final EventOutbox outbox;
    private final TransactionTemplate tx;
    private final Clock clock;

    ErasureJob(ApplicationRepository applications, DocumentStorage storage, EventOutbox outbox, TransactionTemplate tx,
               Clock clock) {
        this.applications = applications;
        this.storage = storage;
        this.outbox = outbox;
        this.tx = tx;
        this.clock = clock;
    }

    /** Erases every case whose retention has run out by the injected clock's now, in batches; returns how many. */
    int run() {
        return Batches.drain(tx, BATCH, this::runBatch);
    }

    private int runBatch() {
        Instant now = clock.instant();
        List<ApplicationRepository.Erasable> due = applications.lockErasable(now, BATCH);
        List<String> files = new ArrayList<>();
        for (ApplicationRepository.Erasable a : due) {
            files.addAll(applications.documentStorageKeys(a.id()));
            applications.erase(a.id(), PLACEHOLDER, now);
            outbox.record(ApplicationEvents.ERASED, a.id().toString(), a.tenant(), new ApplicationErased(a.id(),
                    a.citizenId(), a.serviceType()));
        }
        if (!files.isEmpty()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    files.forEach(key -> {
                        try {
                            storage.delete(key);
                        } catch (RuntimeException e) {
                            log.error("Could not delete document content {} of an erased application", key, e);
                        }
                    });
                }
            });
        }
        return due.size();
    }
}
