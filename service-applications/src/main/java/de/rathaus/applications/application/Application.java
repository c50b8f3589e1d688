package de.rathaus.applications.application;

import de.rathaus.platform.web.ConflictException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

/**
 * An application (Antrag) of a citizen for one version of a catalog service. Mutable inside one transaction; the
 * repository writes it back only if nobody changed it since it was read ({@link #getVersion()}).
 */
public class Application {

    private final UUID id;
    private final String tenant;
    private String citizenId;
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
    private Instant overdueFlaggedAt;
    private String informationRequest;
    private LocalDate informationAnswerDueDate;
    private String decisionReason;
    private UUID appointmentId;
    private Instant appointmentStart;
    private final Instant createdAt;
    private Instant submittedAt;
    private Instant updatedAt;
    private Instant closedAt;
    private Instant erasedAt;
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

    static Application draft(UUID id, String tenant, String citizenId, String serviceType, int serviceTypeVersion,
                             String orgUnit, Map<String, Object> formData, Instant now) {
        return new Application(id, tenant, citizenId, serviceType, serviceTypeVersion, ApplicationStatus.DRAFT, formData,
                0, null, orgUnit, null, null, null, null, 0, null, null, null, null, null, null, now, null, now, null,
                null, 0);
    }

    /** Moves along the state machine; an illegal transition is a conflict (409). */
    ApplicationStatus moveTo(ApplicationStatus target, Instant now) {
        if (!status.canMoveTo(target)) {
            throw new ConflictException("An application in status %s cannot move to %s.".formatted(status, target));
        }
        ApplicationStatus previous = status;
        status = target;
        updatedAt = now;
        if (target.isFinal()) {
            closedAt = now;
        }
        return previous;
    }

    boolean isOverdue(LocalDate today) {
        return dueDate != null && dueDate.isBefore(today) && ApplicationStatus.OPEN.contains(status)
                && status != ApplicationStatus.SUSPENDED;
    }

    // --- mutators used by the use cases
    void setFormData(Map<String, Object> formData) { this.formData = formData; }
    void setFeeAmountCents(long cents) { this.feeAmountCents = cents; }
    void setFeePaidAt(Instant at) { this.feePaidAt = at; }
    void setAssignee(String assignee) { this.assignee = assignee; }
    void setDueDate(LocalDate dueDate) { this.dueDate = dueDate; }
    void setDeemedApprovalDate(LocalDate date) { this.deemedApprovalDate = date; }
    void setSuspendedAt(Instant at) { this.suspendedAt = at; }
    void setSuspendedDays(int days) { this.suspendedDays = days; }
    void setInformationRequest(String question, LocalDate answerDue) {
        this.informationRequest = question;
        this.informationAnswerDueDate = answerDue;
    }
    void setDecisionReason(String reason) { this.decisionReason = reason; }
    void setAppointment(UUID appointmentId, Instant start) {
        this.appointmentId = appointmentId;
        this.appointmentStart = start;
    }
    void setSubmittedAt(Instant at) { this.submittedAt = at; }
    void touch(Instant now) { this.updatedAt = now; }
    void setServiceTypeVersion(int v) { this.serviceTypeVersion = v; }
    void setOrgUnit(String orgUnit) { this.orgUnit = orgUnit; }

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
    public boolean isOverdue() { return overdueFlaggedAt != null && ApplicationStatus.OPEN.contains(status); }
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
