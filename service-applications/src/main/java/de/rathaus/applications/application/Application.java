package de.rathaus.applications.application;

import de.rathaus.applications.catalog.ServiceType;
import de.rathaus.platform.web.ConflictException;
import de.rathaus.platform.web.InvalidInputException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * An application (Antrag) of a citizen for one version of a catalog service, and the rules of its life: whether it
 * may be submitted, assigned, suspended, resumed, decided or withdrawn, when its deadline falls and when silence
 * counts as approval. Every rule refuses with a {@link ConflictException} (409) or, for missing input, an
 * {@link InvalidInputException} (400). The use cases load it, ask it, store it and publish what happened.
 * <p>
 * Mutable inside one transaction; the repository writes it back only if nobody changed it since it was read
 * ({@link #getVersion()}, {@link #checkVersion(Integer)}).
 */
public class Application {

    /** Deadlines are calendar days in the municipality's time zone. */
    public static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** The reason recorded for a deemed approval. */
    static final String DEEMED_APPROVAL_REASON = "Genehmigungsfiktion (§ 42a VwVfG)";

    private final UUID id;
    private final String tenant;
    private final String citizenId;
    private final String serviceType;
    private int serviceTypeVersion;
    private ApplicationStatus status;
    private Map<String, Object> formData;
    private long feeAmountCents;
    private Instant feePaidAt;
    private String orgUnit;
    private String assignee;
    private LocalDate dueDate;
    private LocalDate deemedApprovalDate;
    private Instant suspendedAt;
    private int suspendedDays;
    private final Instant overdueFlaggedAt;
    private String informationRequest;
    private LocalDate informationAnswerDueDate;
    private String decisionReason;
    private UUID appointmentId;
    private Instant appointmentStart;
    private final Instant createdAt;
    private Instant submittedAt;
    private Instant updatedAt;
    private Instant closedAt;
    private final Instant erasedAt;
    private final int version;

    Application(UUID id, String tenant, String citizenId, String serviceType, int serviceTypeVersion,
                ApplicationStatus status, Map<String, Object> formData, long feeAmountCents, Instant feePaidAt,
                String orgUnit, String assignee, LocalDate dueDate, LocalDate deemedApprovalDate, Instant suspendedAt,
                int suspendedDays, Instant overdueFlaggedAt, String informationRequest, LocalDate informationAnswerDueDate,
                String decisionReason, UUID appointmentId, Instant appointmentStart, Instant createdAt,
                Instant submittedAt, Instant updatedAt, Instant closedAt, Instant erasedAt, int version) {
        this.id = id;
        this.tenant = tenant;
        this.citizenId = citizenId;
        this.serviceType = serviceType;
        this.serviceTypeVersion = serviceTypeVersion;
        this.status = status;
        this.formData = formData;
        this.feeAmountCents = feeAmountCents;
        this.feePaidAt = feePaidAt;
        this.orgUnit = orgUnit;
        this.assignee = assignee;
        this.dueDate = dueDate;
        this.deemedApprovalDate = deemedApprovalDate;
        this.suspendedAt = suspendedAt;
        this.suspendedDays = suspendedDays;
        this.overdueFlaggedAt = overdueFlaggedAt;
        this.informationRequest = informationRequest;
        this.informationAnswerDueDate = informationAnswerDueDate;
        this.decisionReason = decisionReason;
        this.appointmentId = appointmentId;
        this.appointmentStart = appointmentStart;
        this.createdAt = createdAt;
        this.submittedAt = submittedAt;
        this.updatedAt = updatedAt;
        this.closedAt = closedAt;
        this.erasedAt = erasedAt;
        this.version = version;
    }

    /** A new draft of {@code citizenId} under the current version of {@code type}. */
    static Application draft(UUID id, String citizenId, ServiceType type, Map<String, Object> formData, Instant now) {
        return new Application(id, type.tenant(), citizenId, type.key(), type.version(), ApplicationStatus.DRAFT,
                formData == null ? Map.of() : formData, 0, null, type.orgUnit(), null, null, null, null, 0, null, null,
                null, null, null, null, now, null, now, null, null, 0);
    }

    // ------------------------------------------------------------------ concurrency

    /**
     * Refuses a write based on another version than this one. {@code expected} null: the writer did not say which
     * version it saw (citizens may omit it), so any version will do.
     */
    void checkVersion(Integer expected) {
        if (expected != null && expected != version) {
            throw new StaleVersionException(version);
        }
    }

    // ------------------------------------------------------------------ the citizen's side

    /** Replaces the form of a draft; a submitted application keeps the form it was submitted with. */
    void changeDraft(Map<String, Object> newFormData, Instant now) {
        if (status != ApplicationStatus.DRAFT) {
            throw new ConflictException("Only a draft can be changed; this application is %s.".formatted(status));
        }
        formData = newFormData == null ? Map.of() : newFormData;
        updatedAt = now;
    }

    /** Only a draft is submitted, once. */
    void checkMaySubmit() {
        if (status != ApplicationStatus.DRAFT) {
            throw new ConflictException("An application in status %s cannot be submitted again.".formatted(status));
        }
    }

    /**
     * Submits the draft under {@code type} (the version current now, which may be newer than the draft's) with the
     * fee computed for its form. A fee paid before processing makes the case wait in AWAITING_PAYMENT, and its
     * deadline starts with the payment; otherwise it is SUBMITTED and the deadline starts now.
     *
     * @return the status before (DRAFT)
     */
    ApplicationStatus submit(ServiceType type, long feeCents, Instant now) {
        checkMaySubmit();
        serviceTypeVersion = type.version();
        orgUnit = type.orgUnit();
        feeAmountCents = feeCents;
        submittedAt = now;
        if (feeCents > 0 && type.feeRule().paysBeforeProcessing()) {
            return moveTo(ApplicationStatus.AWAITING_PAYMENT, now);
        }
        startDeadline(type, now);
        return moveTo(ApplicationStatus.SUBMITTED, now);
    }

    /** Withdrawn by the applicant: possible while the case is not over; a draft was never submitted. */
    ApplicationStatus withdraw(Instant now) {
        if (status == ApplicationStatus.DRAFT) {
            throw new ConflictException("A draft is not submitted; there is nothing to withdraw.");
        }
        return moveTo(ApplicationStatus.WITHDRAWN, now);
    }

    /** The applicant answered the clerk's question: back into review. */
    ApplicationStatus answerInformationRequest(Instant now) {
        if (status != ApplicationStatus.INFORMATION_REQUESTED) {
            throw new ConflictException("No information was requested for this application (status %s).".formatted(status));
        }
        ApplicationStatus previous = moveTo(ApplicationStatus.IN_REVIEW, now);
        informationRequest = null;
        informationAnswerDueDate = null;
        return previous;
    }

    /** Documents belong to a draft or an open case; a decided or withdrawn case takes no more. */
    void checkMayAttachDocuments() {
        if (status != ApplicationStatus.DRAFT && !status.isOpen()) {
            throw new ConflictException("Documents can only be attached to an open application (status %s).".formatted(status));
        }
    }

    // ------------------------------------------------------------------ the clerk's side

    /** Drafts are the citizen's alone: staff neither see nor handle them. */
    boolean isVisibleToStaff() {
        return status != ApplicationStatus.DRAFT;
    }

    /**
     * Assigns the case to {@code clerk}; a SUBMITTED case goes into review with it.
     *
     * @return the status before, if the status changed
     */
    Optional<ApplicationStatus> assign(String clerk, Instant now) {
        if (!status.isOpen()) {
            throw new ConflictException("A case in status %s cannot be assigned.".formatted(status));
        }
        assignee = clerk;
        updatedAt = now;
        return status == ApplicationStatus.SUBMITTED ? Optional.of(moveTo(ApplicationStatus.IN_REVIEW, now)) : Optional.empty();
    }

    /** Into review by {@code clerk}, who gets the case unless somebody has it already. */
    ApplicationStatus review(String clerk, Instant now) {
        ApplicationStatus previous = moveTo(ApplicationStatus.IN_REVIEW, now);
        if (assignee == null) {
            assignee = clerk;
        }
        return previous;
    }

    /** Closes a decided case; its retention period starts. */
    ApplicationStatus close(Instant now) {
        return moveTo(ApplicationStatus.CLOSED, now);
    }

    /** The clerk asks the applicant a question, optionally with a date by which to answer. */
    ApplicationStatus requestInformation(String question, LocalDate answerDueDate, Instant now) {
        if (question == null || question.isBlank()) {
            throw new InvalidInputException("question", "must not be empty");
        }
        ApplicationStatus previous = moveTo(ApplicationStatus.INFORMATION_REQUESTED, now);
        informationRequest = question;
        informationAnswerDueDate = answerDueDate;
        return previous;
    }

    /** Suspension stops the deadline: the moment it starts is remembered until the case is resumed. */
    ApplicationStatus suspend(String reason, Instant now) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidInputException("reason", "is required for a suspension");
        }
        ApplicationStatus previous = moveTo(ApplicationStatus.SUSPENDED, now);
        suspendedAt = now;
        return previous;
    }

    boolean isSuspended() {
        return status == ApplicationStatus.SUSPENDED;
    }

    /**
     * Back into review: the due date and the deemed-approval date move by the calendar days (Europe/Berlin) the
     * case was suspended.
     *
     * @return the days it was suspended
     */
    int resume(Instant now) {
        if (status != ApplicationStatus.SUSPENDED) {
            throw new ConflictException("An application in status %s is not suspended.".formatted(status));
        }
        int paused = (int) ChronoUnit.DAYS.between(suspendedAt.atZone(BERLIN).toLocalDate(), now.atZone(BERLIN).toLocalDate());
        moveTo(ApplicationStatus.IN_REVIEW, now);
        suspendedAt = null;
        suspendedDays += paused;
        dueDate = dueDate == null ? null : dueDate.plusDays(paused);
        deemedApprovalDate = deemedApprovalDate == null ? null : deemedApprovalDate.plusDays(paused);
        return paused;
    }

    /**
     * A clerk's decision, with its reason. A clerk decides a case in review; a SUBMITTED case can be rejected at
     * once but approved only by claiming it first (or by deemed approval). Where the service needs a personal
     * appointment, approval waits until the applicant has booked one.
     */
    ApplicationStatus decide(ApplicationStatus decision, String reason, ServiceType type, Instant now) {
        if (decision != ApplicationStatus.APPROVED && decision != ApplicationStatus.REJECTED) {
            throw new InvalidInputException("decision", "must be APPROVED or REJECTED");
        }
        if (reason == null || reason.isBlank()) {
            throw new InvalidInputException("reason", "is required for a decision");
        }
        if (decision == ApplicationStatus.APPROVED && type.appointmentRequired() && appointmentId == null) {
            throw new ConflictException("This service needs a personal appointment; it can be approved once the "
                    + "applicant has booked one.");
        }
        ApplicationStatus previous = moveTo(decision, now);
        decisionReason = reason;
        return previous;
    }

    /** A rejected case whose paid fee the service's fee rule refunds. */
    boolean isRefundDue(ServiceType type) {
        return status == ApplicationStatus.REJECTED && isFeePaid() && type.feeRule().refundsOnRejection();
    }

    // ------------------------------------------------------------------ time

    /**
     * Due date = {@code start} (submission, or payment for pay-first services) + the service's processing days, in
     * Europe/Berlin calendar days; where the catalog grants deemed approval it takes effect the day after.
     */
    private void startDeadline(ServiceType type, Instant start) {
        dueDate = start.atZone(BERLIN).toLocalDate().plusDays(type.processingDays());
        deemedApprovalDate = type.deemedApproval() ? dueDate.plusDays(1) : null;
    }

    /** Past its due date on {@code today} while somebody has to act on it (not while suspended or awaiting payment). */
    boolean isOverdue(LocalDate today) {
        return dueDate != null && dueDate.isBefore(today) && status.isOpen() && status != ApplicationStatus.SUSPENDED;
    }

    /** § 42a VwVfG: the deemed-approval date has come and the case is still undecided in SUBMITTED or IN_REVIEW. */
    boolean isDeemedApprovalDue(LocalDate today) {
        return deemedApprovalDate != null && !deemedApprovalDate.isAfter(today) && status.mayBeDeemedApproved();
    }

    /** A case nobody decided in time counts as approved (the only way from SUBMITTED straight to APPROVED). */
    ApplicationStatus deemApproved(LocalDate today, Instant now) {
        if (!isDeemedApprovalDue(today)) {
            throw new ConflictException("An application in status %s with deemed-approval date %s is not deemed approved on %s."
                    .formatted(status, deemedApprovalDate, today));
        }
        ApplicationStatus previous = status;
        enter(ApplicationStatus.APPROVED, now);
        decisionReason = DEEMED_APPROVAL_REASON;
        return previous;
    }

    // ------------------------------------------------------------------ facts from other services

    /**
     * The fee arrived. A case waiting for it is submitted now and its deadline starts today.
     *
     * @return the status before, if the status changed
     */
    Optional<ApplicationStatus> payFee(ServiceType type, Instant now) {
        if (isFeePaid()) {
            throw new ConflictException("The fee of application %s is paid already.".formatted(id));
        }
        feePaidAt = now;
        updatedAt = now;
        if (status != ApplicationStatus.AWAITING_PAYMENT) {
            return Optional.empty();
        }
        ApplicationStatus previous = moveTo(ApplicationStatus.SUBMITTED, now);
        startDeadline(type, now);
        return Optional.of(previous);
    }

    void bookAppointment(UUID appointment, Instant start, Instant now) {
        appointmentId = appointment;
        appointmentStart = start;
        updatedAt = now;
    }

    /** Cancels the booked appointment; false if {@code appointment} is not the one booked. */
    boolean cancelAppointment(UUID appointment, Instant now) {
        if (!appointment.equals(appointmentId)) {
            return false;
        }
        appointmentId = null;
        appointmentStart = null;
        updatedAt = now;
        return true;
    }

    boolean isErased() {
        return erasedAt != null;
    }

    // ------------------------------------------------------------------ the state machine

    /** Moves along an edge of the state machine; any other move is a conflict (409). */
    private ApplicationStatus moveTo(ApplicationStatus target, Instant now) {
        if (!status.canMoveTo(target)) {
            throw new ConflictException("An application in status %s cannot move to %s.".formatted(status, target));
        }
        ApplicationStatus previous = status;
        enter(target, now);
        return previous;
    }

    private void enter(ApplicationStatus target, Instant now) {
        status = target;
        updatedAt = now;
        if (target.isFinal()) {
            closedAt = now;
        }
    }

    public UUID getId() { return id; }
    public String getTenant() { return tenant; }
    public String getCitizenId() { return citizenId; }
    public String getServiceType() { return serviceType; }
    public int getServiceTypeVersion() { return serviceTypeVersion; }
    public ApplicationStatus getStatus() { return status; }
    public Map<String, Object> getFormData() { return formData; }
    public long getFeeAmountCents() { return feeAmountCents; }
    public Instant getFeePaidAt() { return feePaidAt; }
    public boolean isFeePaid() { return feePaidAt != null; }
    public String getOrgUnit() { return orgUnit; }
    public String getAssignee() { return assignee; }
    public LocalDate getDueDate() { return dueDate; }
    public LocalDate getDeemedApprovalDate() { return deemedApprovalDate; }
    public Instant getSuspendedAt() { return suspendedAt; }
    public int getSuspendedDays() { return suspendedDays; }
    public Instant getOverdueFlaggedAt() { return overdueFlaggedAt; }
    public boolean isOverdue() { return overdueFlaggedAt != null && status.isOpen(); }
    public String getInformationRequest() { return informationRequest; }
    public LocalDate getInformationAnswerDueDate() { return informationAnswerDueDate; }
    public String getDecisionReason() { return decisionReason; }
    public UUID getAppointmentId() { return appointmentId; }
    public Instant getAppointmentStart() { return appointmentStart; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getSubmittedAt() { return submittedAt; }
    public Instant getUpdatedAt() { return updatedAt; }
    public Instant getClosedAt() { return closedAt; }
    public Instant getErasedAt() { return erasedAt; }
    public int getVersion() { return version; }
}
