package de.rathaus.applications.application;

import de.rathaus.applications.catalog.ServiceType;
import de.rathaus.applications.catalog.ServiceTypeRepository;
import de.rathaus.platform.web.ConflictException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Case handling by clerks (admins may do the same): the work list, claim and assign, information requests,
 * suspension, decisions, internal notes. Every access is audited with its purpose; every write names the version
 * of the case it is based on ({@code expectedVersion}).
 */
@Service
class CaseHandling {

    private final Cases cases;
    private final CaseJournal journal;
    private final ApplicationRepository applications;
    private final ServiceTypeRepository serviceTypes;
    private final Clock clock;

    CaseHandling(Cases cases, CaseJournal journal, ApplicationRepository applications, ServiceTypeRepository serviceTypes,
                 Clock clock) {
        this.cases = cases;
        this.journal = journal;
        this.applications = applications;
        this.serviceTypes = serviceTypes;
        this.clock = clock;
    }

    /** Open cases of the clerk's tenant (and unit) by due date, filtered. */
    @Transactional
    Page workList(Caller clerk, ApplicationRepository.WorkListFilter filter, String cursor, int limit, String purpose) {
        ApplicationRepository.WorkListQuery query = new ApplicationRepository.WorkListQuery(clerk.tenant(),
                clerk.orgUnit().orElse(null), filter);
        List<Application> rows = applications.workList(query, Cursor.decode(cursor), limit + 1);
        cases.audit(clerk, "LIST_WORK", null, null, purpose);
        return Page.of(rows, limit, a -> Cursor.after(a.getDueDate(), a.getId()));
    }

    /** Claim (assignee null or blank: the caller) or assign; a SUBMITTED case goes into review. */
    @Transactional
    Application assign(Caller clerk, UUID id, String assignee, int expectedVersion, String purpose) {
        Application application = cases.staffForWrite(clerk, id, expectedVersion, "ASSIGN", purpose);
        Instant now = clock.instant();
        Optional<ApplicationStatus> previous = application.assign(
                assignee == null || assignee.isBlank() ? clerk.subject() : assignee, now);
        Application saved = cases.save(application);
        previous.ifPresent(p -> journal.statusChanged(application, p, clerk.subject(), null, now));
        return saved;
    }

    /**
     * The generic status route: plain transitions (IN_REVIEW, CLOSED) directly; the others go through their use
     * case so that they keep their rules (a decision needs a reason, a suspension stops the clock, …).
     */
    @Transactional
    Application changeStatus(Caller clerk, UUID id, ApplicationStatus target, String reason, int expectedVersion,
                             String purpose) {
        return switch (target) {
            case APPROVED, REJECTED -> decide(clerk, id, target, reason, expectedVersion, purpose);
            case SUSPENDED -> suspend(clerk, id, reason, expectedVersion, purpose);
            case INFORMATION_REQUESTED -> requestInformation(clerk, id, reason, null, expectedVersion, purpose);
            case WITHDRAWN -> throw new ConflictException("Only the applicant can withdraw an application.");
            case DRAFT, SUBMITTED, AWAITING_PAYMENT -> throw new ConflictException(
                    "An application cannot be moved to %s by a clerk.".formatted(target));
            case IN_REVIEW -> review(clerk, id, reason, expectedVersion, purpose);
            case CLOSED -> {
                Application application = cases.staffForWrite(clerk, id, expectedVersion, "STATUS_CLOSED", purpose);
                Instant now = clock.instant();
                ApplicationStatus previous = application.close(now);
                yield saveWithStatusChange(application, previous, clerk, reason, now);
            }
        };
    }

    /** Into review; a suspended case is resumed. */
    private Application review(Caller clerk, UUID id, String reason, int expectedVersion, String purpose) {
        Application application = cases.staffForWrite(clerk, id, expectedVersion, "STATUS_IN_REVIEW", purpose);
        if (application.isSuspended()) {
            return resumed(application, clerk);
        }
        Instant now = clock.instant();
        ApplicationStatus previous = application.review(clerk.subject(), now);
        return saveWithStatusChange(application, previous, clerk, reason, now);
    }

    @Transactional
    Application requestInformation(Caller clerk, UUID id, String question, LocalDate answerDueDate, int expectedVersion,
                                   String purpose) {
        Application application = cases.staffForWrite(clerk, id, expectedVersion, "REQUEST_INFORMATION", purpose);
        Instant now = clock.instant();
        ApplicationStatus previous = application.requestInformation(question, answerDueDate, now);
        Application saved = cases.save(application);
        journal.informationRequested(application, previous, clerk.subject(), now);
        return saved;
    }

    /** Suspension stops the clock until the case is resumed. */
    @Transactional
    Application suspend(Caller clerk, UUID id, String reason, int expectedVersion, String purpose) {
        Application application = cases.staffForWrite(clerk, id, expectedVersion, "SUSPEND", purpose);
        Instant now = clock.instant();
        ApplicationStatus previous = application.suspend(reason, now);
        return saveWithStatusChange(application, previous, clerk, reason, now);
    }

    /** Back into review; the due date moves by the days the case was suspended. */
    @Transactional
    Application resume(Caller clerk, UUID id, int expectedVersion, String purpose) {
        return resumed(cases.staffForWrite(clerk, id, expectedVersion, "RESUME", purpose), clerk);
    }

    private Application resumed(Application application, Caller clerk) {
        Instant now = clock.instant();
        int paused = application.resume(now);
        return saveWithStatusChange(application, ApplicationStatus.SUSPENDED, clerk,
                "resumed after %d days".formatted(paused), now);
    }

    @Transactional
    Application decide(Caller clerk, UUID id, ApplicationStatus decision, String reason, int expectedVersion,
                       String purpose) {
        Application application = cases.staffForWrite(clerk, id, expectedVersion, "DECIDE_" + decision, purpose);
        ServiceType type = serviceTypes.find(application.getTenant(), application.getServiceType(),
                application.getServiceTypeVersion());
        Instant now = clock.instant();
        ApplicationStatus previous = application.decide(decision, reason, type, now);
        Application saved = cases.save(application);
        journal.decided(application, previous, clerk.subject(), false, type, now);
        return saved;
    }

    @Transactional
    ApplicationRepository.Note addNote(Caller clerk, UUID id, String text, String purpose) {
        Application application = cases.staff(clerk, id, "ADD_NOTE", purpose);
        return applications.addNote(application.getId(), clerk.subject(), text, clock.instant());
    }

    @Transactional
    List<ApplicationRepository.Note> notes(Caller clerk, UUID id, String purpose) {
        return applications.notes(cases.staff(clerk, id, "READ_NOTES", purpose).getId());
    }

    private Application saveWithStatusChange(Application application, ApplicationStatus previous, Caller clerk,
                                             String reason, Instant now) {
        Application saved = cases.save(application);
        journal.statusChanged(application, previous, clerk.subject(), reason, now);
        return saved;
    }
}
