package de.rathaus.applications.application;

import de.rathaus.applications.audit.AuditLog;
import de.rathaus.applications.catalog.FormValidator;
import de.rathaus.applications.catalog.ServiceType;
import de.rathaus.applications.catalog.ServiceTypeRepository;
import de.rathaus.applications.document.DocumentInspector;
import de.rathaus.applications.document.DocumentStorage;
import de.rathaus.applications.web.Caller;
import de.rathaus.applications.web.ETags;
import de.rathaus.contracts.events.ApplicationDecided;
import de.rathaus.contracts.events.ApplicationStatusChanged;
import de.rathaus.contracts.events.ApplicationSubmitted;
import de.rathaus.contracts.events.ApplicationWithdrawn;
import de.rathaus.contracts.events.FeeDue;
import de.rathaus.contracts.events.InformationRequested;
import de.rathaus.contracts.events.RefundRequested;
import de.rathaus.platform.events.EventOutbox;
import de.rathaus.platform.web.ConflictException;
import de.rathaus.platform.web.InvalidInputException;
import de.rathaus.platform.web.NotFoundException;
import de.rathaus.applications.web.PreconditionFailedException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Use cases of applications. Every query is scoped to the caller's tenant; citizens reach only their own
 * applications, clerks bound to an organisational unit only its cases, and anything else looks like a missing
 * application (404), never like a forbidden one. Every staff access to a case is audited in its transaction.
 */
@Service
public class ApplicationService {

    /** Deadlines are calendar days in the municipality's time zone. */
    public static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final String SYSTEM = "system";

    private final ApplicationRepository applications;
    private final DocumentRepository documents;
    private final ServiceTypeRepository serviceTypes;
    private final FormValidator forms;
    private final DocumentInspector inspector;
    private final DocumentStorage storage;
    private final AuditLog audit;
    private final EventOutbox outbox;
    private final JsonMapper json;
    private final Clock clock;

    ApplicationService(ApplicationRepository applications, DocumentRepository documents, ServiceTypeRepository serviceTypes,
                       FormValidator forms, DocumentInspector inspector, DocumentStorage storage, AuditLog audit,
                       EventOutbox outbox, JsonMapper json, Clock clock) {
        this.applications = applications;
        this.documents = documents;
        this.serviceTypes = serviceTypes;
        this.forms = forms;
        this.inspector = inspector;
        this.storage = storage;
        this.audit = audit;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ citizen

    /**
     * Creates an application under the current catalog version; unless it is a draft, submits it in the same
     * transaction (validation, fee, status, events): either all of it happens or none.
     */
    @Transactional
    public Application create(Caller citizen, String serviceTypeKey, Map<String, Object> formData, boolean draft) {
        ServiceType type = serviceTypes.findCurrent(citizen.tenant(), serviceTypeKey)
                .orElseThrow(() -> new InvalidInputException("serviceType",
                        "is not a service offered by municipality '%s'".formatted(citizen.tenant())));
        Instant now = clock.instant();
        Application application = Application.draft(UUID.randomUUID(), citizen.tenant(), citizen.subject(), type.key(),
                type.version(), type.orgUnit(), formData == null ? Map.of() : formData, now);
        if (draft) {
            applications.insert(application);
            applications.recordStatusChange(application.getId(), null, ApplicationStatus.DRAFT, citizen.subject(), null, now);
            return application;
        }
        ApplicationStatus target = prepareSubmission(application, type, now);
        application.moveTo(target, now);
        applications.insert(application);
        afterSubmission(application, type, null, citizen.subject(), now);
        return application;
    }

    @Transactional
    public Application updateDraft(Caller citizen, UUID id, Map<String, Object> formData, String ifMatch) {
        Application application = ownForWrite(citizen, id, ifMatch);
        if (application.getStatus() != ApplicationStatus.DRAFT) {
            throw new ConflictException("Only a draft can be changed; this application is %s.".formatted(application.getStatus()));
        }
        application.setFormData(formData == null ? Map.of() : formData);
        application.touch(clock.instant());
        return save(application);
    }

    /** Submits a draft under the catalog version current now (the draft may have been started under an older one). */
    @Transactional
    public Application submitDraft(Caller citizen, UUID id, String ifMatch) {
        Application application = ownForWrite(citizen, id, ifMatch);
        if (application.getStatus() != ApplicationStatus.DRAFT) {
            throw new ConflictException("An application in status %s cannot be submitted again.".formatted(application.getStatus()));
        }
        ServiceType type = serviceTypes.findCurrent(citizen.tenant(), application.getServiceType()).orElseThrow();
        application.setServiceTypeVersion(type.version());
        application.setOrgUnit(type.orgUnit());
        Instant now = clock.instant();
        ApplicationStatus target = prepareSubmission(application, type, now);
        application.moveTo(target, now);
        Application saved = save(application);
        afterSubmission(application, type, ApplicationStatus.DRAFT, citizen.subject(), now);
        return saved;
    }

    private ApplicationStatus prepareSubmission(Application application, ServiceType type, Instant now) {
        forms.validate(type, application.getFormData());
        long fee = type.feeRule().compute(json.valueToTree(application.getFormData()));
        application.setFeeAmountCents(fee);
        application.setSubmittedAt(now);
        if (fee > 0 && type.feeRule().paysBeforeProcessing()) {
            return ApplicationStatus.AWAITING_PAYMENT; // the deadline starts with the payment
        }
        startClock(application, type, now);
        return ApplicationStatus.SUBMITTED;
    }

    private void afterSubmission(Application a, ServiceType type, ApplicationStatus previous, String actor, Instant now) {
        applications.recordStatusChange(a.getId(), previous, a.getStatus(), actor, null, now);
        ApplicationSubmitted submitted = new ApplicationSubmitted(a.getId(), a.getCitizenId(),
                a.getServiceType(), a.getServiceType(), a.getServiceTypeVersion(), a.getOrgUnit(), a.getDueDate(),
                a.getFeeAmountCents(), ApplicationSubmitted.Currency.EUR);
        outbox.record(ApplicationEvents.SUBMITTED, a.getId().toString(), a.getTenant(), submitted);
        if (a.getFeeAmountCents() > 0) {
            outbox.record(ApplicationEvents.FEE_DUE, a.getId().toString(), a.getTenant(), new FeeDue(a.getId(), a.getCitizenId(),
                    a.getServiceType(), a.getFeeAmountCents(), FeeDue.Currency.EUR, abbreviate(type.nameDe(), 140),
                    type.feeRule().refundsOnRejection()));
        }
    }

    /** Due date = start + processing days; the deemed approval takes effect the day after, where it applies. */
    private void startClock(Application application, ServiceType type, Instant start) {
        LocalDate due = start.atZone(BERLIN).toLocalDate().plusDays(type.processingDays());
        application.setDueDate(due);
        application.setDeemedApprovalDate(type.deemedApproval() ? due.plusDays(1) : null);
    }

    @Transactional
    public Application withdraw(Caller citizen, UUID id, String reason, String ifMatch) {
        Application application = ownForWrite(citizen, id, ifMatch);
        if (application.getStatus() == ApplicationStatus.DRAFT) {
            throw new ConflictException("A draft is not submitted; there is nothing to withdraw.");
        }
        Instant now = clock.instant();
        ApplicationStatus previous = application.moveTo(ApplicationStatus.WITHDRAWN, now);
        Application saved = save(application);
        statusChanged(application, previous, citizen.subject(), reason, now);
        outbox.record(ApplicationEvents.WITHDRAWN, id.toString(), application.getTenant(), new ApplicationWithdrawn(id,
                application.getCitizenId(), application.getServiceType()));
        return saved;
    }

    @Transactional
    public Application answerInformationRequest(Caller citizen, UUID id, String answer, String ifMatch) {
        Application application = ownForWrite(citizen, id, ifMatch);
        if (application.getStatus() != ApplicationStatus.INFORMATION_REQUESTED) {
            throw new ConflictException("No information was requested for this application (status %s).".formatted(application.getStatus()));
        }
        Instant now = clock.instant();
        ApplicationStatus previous = application.moveTo(ApplicationStatus.IN_REVIEW, now);
        application.setInformationRequest(null, null);
        Application saved = save(application);
        applications.timeline(id, "INFORMATION_ANSWERED", answer, now);
        statusChanged(application, previous, citizen.subject(), null, now);
        return saved;
    }

    @Transactional
    public DocumentRepository.Document attachDocument(Caller citizen, UUID id, String kind, String fileName, byte[] content) {
        Application application = own(citizen, id);
        if (!ApplicationStatus.OPEN.contains(application.getStatus()) && application.getStatus() != ApplicationStatus.DRAFT) {
            throw new ConflictException("Documents can only be attached to an open application (status %s).".formatted(application.getStatus()));
        }
        DocumentInspector.Inspected inspected = inspector.inspect(content);
        UUID documentId = UUID.randomUUID();
        String key = application.getTenant() + "/" + id + "/" + documentId;
        Instant now = clock.instant();
        DocumentRepository.Document document = new DocumentRepository.Document(documentId, id, kind,
                fileName == null ? null : abbreviate(fileName.replaceAll("[\\p{Cntrl}/\\\\]", "_"), 255),
                inspected.mediaType(), inspected.sizeBytes(), inspected.sha256(), key, now);
        // the file first: a failed insert leaves an orphan file (harmless), never metadata without content
        storage.put(key, content);
        documents.insert(document);
        applications.timeline(id, "DOCUMENT_ATTACHED", kind, now);
        return document;
    }

    @Transactional
    public List<DocumentRepository.Document> documents(Caller caller, UUID id, String purpose) {
        Application application = visible(caller, id, "READ_DOCUMENTS", purpose);
        return documents.findByApplication(application.getId());
    }

    public record Content(DocumentRepository.Document document, byte[] bytes) {
    }

    @Transactional
    public Content download(Caller caller, UUID id, UUID documentId, String purpose) {
        Application application = visible(caller, id, "DOWNLOAD_DOCUMENT", purpose);
        DocumentRepository.Document document = documents.find(application.getId(), documentId)
                .orElseThrow(() -> new NotFoundException("Document %s does not exist.".formatted(documentId)));
        return new Content(document, storage.get(document.storageKey()));
    }

    @Transactional
    public Application get(Caller caller, UUID id, String purpose) {
        return visible(caller, id, "READ", purpose);
    }

    @Transactional
    public List<ApplicationRepository.StatusChange> history(Caller caller, UUID id, String purpose) {
        return applications.history(visible(caller, id, "READ_HISTORY", purpose).getId());
    }

    @Transactional
    public List<ApplicationRepository.TimelineEntry> timeline(Caller caller, UUID id, String purpose) {
        return applications.timeline(visible(caller, id, "READ_TIMELINE", purpose).getId());
    }

    public record Page(List<Application> items, String nextCursor) {
    }

    @Transactional(readOnly = true)
    public Page listOwn(Caller citizen, String cursor, int limit) {
        List<Application> rows = applications.pageOfCitizen(citizen.tenant(), citizen.subject(), Cursor.decode(cursor), limit + 1);
        return page(rows, limit, a -> Cursor.after(a.getCreatedAt(), a.getId()));
    }

    public record ExportItem(Application application, List<ApplicationRepository.StatusChange> history,
                             List<ApplicationRepository.TimelineEntry> timeline, List<DocumentRepository.Document> documents,
                             List<AuditLog.Entry> accesses) {
    }

    public record Export(List<ExportItem> items) {
    }

    /** GDPR Art. 15: every application with history, timeline, document metadata and which staff accessed it. */
    @Transactional(readOnly = true)
    public Export export(Caller citizen) {
        List<AuditLog.Entry> accesses = audit.forCitizen(citizen.tenant(), citizen.subject());
        List<ExportItem> items = new ArrayList<>();
        for (Application a : applications.allOfCitizen(citizen.tenant(), citizen.subject())) {
            items.add(new ExportItem(a, applications.history(a.getId()), applications.timeline(a.getId()),
                    documents.findByApplication(a.getId()),
                    accesses.stream().filter(e -> a.getId().equals(e.applicationId())).toList()));
        }
        return new Export(items);
    }

    // ------------------------------------------------------------------ clerk

    @Transactional
    public Page workList(Caller clerk, ApplicationStatus status, String serviceType, LocalDate dueBefore, Boolean overdue,
                         String assignee, String cursor, int limit, String purpose) {
        ApplicationRepository.WorkListQuery query = new ApplicationRepository.WorkListQuery(clerk.tenant(),
                clerk.orgUnit().orElse(null), status, serviceType, dueBefore, overdue, assignee);
        List<Application> rows = applications.workList(query, Cursor.decode(cursor), limit + 1);
        audit.record(clerk, "LIST_WORK", null, null, purpose);
        return page(rows, limit, a -> Cursor.after(a.getDueDate(), a.getId()));
    }

    /** Claim (assignee null = the caller) or assign; a SUBMITTED case goes into review. */
    @Transactional
    public Application assign(Caller clerk, UUID id, String assignee, String ifMatch, String purpose) {
        Application application = staffForWrite(clerk, id, ifMatch, "ASSIGN", purpose);
        if (!ApplicationStatus.OPEN.contains(application.getStatus())) {
            throw new ConflictException("A case in status %s cannot be assigned.".formatted(application.getStatus()));
        }
        Instant now = clock.instant();
        application.setAssignee(assignee == null || assignee.isBlank() ? clerk.subject() : assignee);
        application.touch(now);
        ApplicationStatus previous = null;
        if (application.getStatus() == ApplicationStatus.SUBMITTED) {
            previous = application.moveTo(ApplicationStatus.IN_REVIEW, now);
        }
        Application saved = save(application);
        if (previous != null) {
            statusChanged(application, previous, clerk.subject(), null, now);
        }
        return saved;
    }

    /**
     * The generic status route: plain transitions (IN_REVIEW, CLOSED) directly; the others go through their use
     * case so that they keep their rules (a decision needs a reason, a suspension stops the clock, …).
     */
    @Transactional
    public Application changeStatus(Caller clerk, UUID id, ApplicationStatus target, String reason, String ifMatch, String purpose) {
        return switch (target) {
            case APPROVED, REJECTED -> decide(clerk, id, target, reason, ifMatch, purpose);
            case SUSPENDED -> suspend(clerk, id, reason, ifMatch, purpose);
            case INFORMATION_REQUESTED -> requestInformation(clerk, id, reason, null, ifMatch, purpose);
            case WITHDRAWN -> throw new ConflictException("Only the applicant can withdraw an application.");
            case DRAFT, SUBMITTED, AWAITING_PAYMENT -> throw new ConflictException(
                    "An application cannot be moved to %s by a clerk.".formatted(target));
            case IN_REVIEW, CLOSED -> {
                Application application = staffForWrite(clerk, id, ifMatch, "STATUS_" + target, purpose);
                if (target == ApplicationStatus.IN_REVIEW && application.getStatus() == ApplicationStatus.SUSPENDED) {
                    yield resume(clerk, id, ifMatch, purpose);
                }
                Instant now = clock.instant();
                ApplicationStatus previous = application.moveTo(target, now);
                if (target == ApplicationStatus.IN_REVIEW && application.getAssignee() == null) {
                    application.setAssignee(clerk.subject());
                }
                Application saved = save(application);
                statusChanged(application, previous, clerk.subject(), reason, now);
                yield saved;
            }
        };
    }

    @Transactional
    public Application requestInformation(Caller clerk, UUID id, String question, LocalDate answerDueDate, String ifMatch,
                                          String purpose) {
        if (question == null || question.isBlank()) {
            throw new InvalidInputException("question", "must not be empty");
        }
        Application application = staffForWrite(clerk, id, ifMatch, "REQUEST_INFORMATION", purpose);
        Instant now = clock.instant();
        ApplicationStatus previous = application.moveTo(ApplicationStatus.INFORMATION_REQUESTED, now);
        application.setInformationRequest(question, answerDueDate);
        Application saved = save(application);
        applications.timeline(id, "INFORMATION_REQUESTED", question, now);
        statusChanged(application, previous, clerk.subject(), null, now);
        outbox.record(ApplicationEvents.INFORMATION_REQUESTED, id.toString(), application.getTenant(), new InformationRequested(id,
                application.getCitizenId(), application.getServiceType(), answerDueDate));
        return saved;
    }

    /** Suspension stops the clock: the day it starts is remembered, resuming moves the due date by the days paused. */
    @Transactional
    public Application suspend(Caller clerk, UUID id, String reason, String ifMatch, String purpose) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidInputException("reason", "is required for a suspension");
        }
        Application application = staffForWrite(clerk, id, ifMatch, "SUSPEND", purpose);
        Instant now = clock.instant();
        ApplicationStatus previous = application.moveTo(ApplicationStatus.SUSPENDED, now);
        application.setSuspendedAt(now);
        Application saved = save(application);
        statusChanged(application, previous, clerk.subject(), reason, now);
        return saved;
    }

    @Transactional
    public Application resume(Caller clerk, UUID id, String ifMatch, String purpose) {
        Application application = staffForWrite(clerk, id, ifMatch, "RESUME", purpose);
        if (application.getStatus() != ApplicationStatus.SUSPENDED) {
            throw new ConflictException("An application in status %s is not suspended.".formatted(application.getStatus()));
        }
        Instant now = clock.instant();
        int paused = (int) ChronoUnit.DAYS.between(application.getSuspendedAt().atZone(BERLIN).toLocalDate(),
                now.atZone(BERLIN).toLocalDate());
        ApplicationStatus previous = application.moveTo(ApplicationStatus.IN_REVIEW, now);
        application.setSuspendedAt(null);
        application.setSuspendedDays(application.getSuspendedDays() + paused);
        if (application.getDueDate() != null) {
            application.setDueDate(application.getDueDate().plusDays(paused));
        }
        if (application.getDeemedApprovalDate() != null) {
            application.setDeemedApprovalDate(application.getDeemedApprovalDate().plusDays(paused));
        }
        Application saved = save(application);
        statusChanged(application, previous, clerk.subject(), "resumed after %d days".formatted(paused), now);
        return saved;
    }

    @Transactional
    public Application decide(Caller clerk, UUID id, ApplicationStatus decision, String reason, String ifMatch, String purpose) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidInputException("reason", "is required for a decision");
        }
        Application application = staffForWrite(clerk, id, ifMatch, "DECIDE_" + decision, purpose);
        if (decision == ApplicationStatus.APPROVED && application.getAppointmentId() == null
                && serviceTypes.find(application.getTenant(), application.getServiceType(),
                        application.getServiceTypeVersion()).appointmentRequired()) {
            throw new ConflictException("This service needs a personal appointment; it can be approved once the "
                    + "applicant has booked one.");
        }
        return decided(application, decision, reason, clerk.subject(), false);
    }

    private Application decided(Application application, ApplicationStatus decision, String reason, String actor,
                                boolean deemed) {
        if (decision != ApplicationStatus.APPROVED && decision != ApplicationStatus.REJECTED) {
            throw new InvalidInputException("decision", "must be APPROVED or REJECTED");
        }
        Instant now = clock.instant();
        ApplicationStatus previous = application.moveTo(decision, now);
        application.setDecisionReason(reason);
        Application saved = save(application);
        UUID id = application.getId();
        statusChanged(application, previous, actor, reason, now);
        outbox.record(ApplicationEvents.DECIDED, id.toString(), application.getTenant(), new ApplicationDecided(id,
                application.getCitizenId(), application.getServiceType(),
                ApplicationDecided.Decision.valueOf(decision.name()), deemed));
        if (decision == ApplicationStatus.REJECTED && application.isFeePaid()) {
            ServiceType type = serviceTypes.find(application.getTenant(), application.getServiceType(), application.getServiceTypeVersion());
            if (type.feeRule().refundsOnRejection()) {
                outbox.record(ApplicationEvents.REFUND_REQUESTED, id.toString(), application.getTenant(), new RefundRequested(id,
                        application.getCitizenId(), application.getServiceType(), null, "Antrag abgelehnt"));
                applications.timeline(id, "REFUND_REQUESTED", null, now);
            }
        }
        return saved;
    }

    @Transactional
    public ApplicationRepository.Note addNote(Caller clerk, UUID id, String text, String purpose) {
        Application application = staff(clerk, id, "ADD_NOTE", purpose);
        return applications.addNote(application.getId(), clerk.subject(), text, clock.instant());
    }

    @Transactional
    public List<ApplicationRepository.Note> notes(Caller clerk, UUID id, String purpose) {
        return applications.notes(staff(clerk, id, "READ_NOTES", purpose).getId());
    }

    // ------------------------------------------------------------------ system (events, jobs)

    /** PaymentSucceeded for this application: the fee is paid; a case waiting for it moves on and its clock starts. */
    @Transactional
    public void feePaid(String tenant, UUID id, String citizenId) {
        Application application = applications.lockInTenant(tenant, id)
                .filter(a -> a.getCitizenId().equals(citizenId))
                .orElse(null);
        if (application == null || application.isFeePaid()) {
            return; // not ours (wrong tenant or payer) or already recorded
        }
        Instant now = clock.instant();
        application.setFeePaidAt(now);
        application.touch(now);
        ApplicationStatus previous = null;
        if (application.getStatus() == ApplicationStatus.AWAITING_PAYMENT) {
            ServiceType type = serviceTypes.find(tenant, application.getServiceType(), application.getServiceTypeVersion());
            previous = application.moveTo(ApplicationStatus.SUBMITTED, now);
            startClock(application, type, now);
        }
        save(application);
        applications.timeline(id, "FEE_PAID", null, now);
        if (previous != null) {
            statusChanged(application, previous, SYSTEM, null, now);
        }
    }

    /** An appointment booked/rescheduled/cancelled for this application (same tenant and citizen only). */
    @Transactional
    public void appointment(String tenant, UUID id, String citizenId, UUID appointmentId, Instant start, boolean cancelled) {
        Application application = applications.lockInTenant(tenant, id)
                .filter(a -> citizenId != null && a.getCitizenId().equals(citizenId))
                .orElse(null);
        if (application == null || application.getErasedAt() != null) {
            return;
        }
        Instant now = clock.instant();
        if (cancelled) {
            if (!appointmentId.equals(application.getAppointmentId())) {
                return;
            }
            application.setAppointment(null, null);
        } else {
            application.setAppointment(appointmentId, start);
        }
        application.touch(now);
        save(application);
        applications.timeline(id, cancelled ? "APPOINTMENT_CANCELLED" : "APPOINTMENT_BOOKED", start == null ? null : start.toString(), now);
    }

    /** Deemed approval (§ 42a VwVfG): a case nobody decided in time counts as approved. */
    @Transactional
    public void deemApproved(Application application) {
        decided(application, ApplicationStatus.APPROVED, "Genehmigungsfiktion (§ 42a VwVfG)", SYSTEM, true);
    }

    // ------------------------------------------------------------------ helpers

    private Application own(Caller citizen, UUID id) {
        return applications.findInTenant(citizen.tenant(), id)
                .filter(a -> a.getCitizenId().equals(citizen.subject()))
                .orElseThrow(() -> notFound(id));
    }

    private Application ownForWrite(Caller citizen, UUID id, String ifMatch) {
        Application application = own(citizen, id);
        ETags.check(ifMatch, application.getVersion(), false);
        return application;
    }

    /** Citizens: their own; staff: their tenant and organisational unit, audited. */
    private Application visible(Caller caller, UUID id, String action, String purpose) {
        if (caller.isStaff()) {
            return staff(caller, id, action, purpose);
        }
        return own(caller, id);
    }

    private Application staff(Caller staff, UUID id, String action, String purpose) {
        Application application = applications.findInTenant(staff.tenant(), id)
                .filter(a -> staff.mayHandle(a.getOrgUnit()))
                .filter(a -> a.getStatus() != ApplicationStatus.DRAFT) // drafts are the citizen's alone
                .orElseThrow(() -> notFound(id));
        audit.record(staff, action, id, application.getCitizenId(), purpose);
        return application;
    }

    private Application staffForWrite(Caller staff, UUID id, String ifMatch, String action, String purpose) {
        Application application = staff(staff, id, action, purpose);
        ETags.check(ifMatch, application.getVersion(), true);
        return application;
    }

    /** Writes back with the optimistic check; returns the stored state (version + 1). */
    private Application save(Application application) {
        if (!applications.update(application)) {
            throw PreconditionFailedException.stale(applications.findInTenant(application.getTenant(), application.getId())
                    .map(Application::getVersion).orElse(-1));
        }
        return applications.findInTenant(application.getTenant(), application.getId()).orElseThrow();
    }

    private void statusChanged(Application a, ApplicationStatus previous, String actor, String reason, Instant now) {
        applications.recordStatusChange(a.getId(), previous, a.getStatus(), actor, reason, now);
        outbox.record(ApplicationEvents.STATUS_CHANGED, a.getId().toString(), a.getTenant(), new ApplicationStatusChanged(a.getId(),
                a.getCitizenId(), a.getServiceType(), previous.name(), a.getStatus().name(), previous.name(),
                a.getStatus().name(), actor));
    }

    private static <T> Page page(List<Application> rows, int limit, java.util.function.Function<Application, Cursor> cursor) {
        if (rows.size() <= limit) {
            return new Page(rows, null);
        }
        List<Application> items = rows.subList(0, limit);
        return new Page(items, cursor.apply(items.get(limit - 1)).encode());
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static NotFoundException notFound(UUID id) {
        return new NotFoundException("Application %s does not exist or is not visible to you.".formatted(id));
    }
}
