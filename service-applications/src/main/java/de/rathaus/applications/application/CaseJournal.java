package de.rathaus.applications.application;

import de.rathaus.applications.catalog.ServiceType;
import de.rathaus.contracts.events.ApplicationDecided;
import de.rathaus.contracts.events.ApplicationOverdue;
import de.rathaus.contracts.events.ApplicationStatusChanged;
import de.rathaus.contracts.events.ApplicationSubmitted;
import de.rathaus.contracts.events.ApplicationWithdrawn;
import de.rathaus.contracts.events.FeeDue;
import de.rathaus.contracts.events.InformationRequested;
import de.rathaus.contracts.events.RefundRequested;
import de.rathaus.platform.events.EventOutbox;
import de.rathaus.platform.events.EventSpec;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * What happened to a case, written in the transaction that changed it: the status history, the citizen's timeline
 * and the events of the outbox (ids only, never form data). Status changes are stored in the history only; the
 * timeline shows them from there.
 */
@Component
class CaseJournal {

    /** The actor of changes nobody made by hand (payments, deadlines). */
    static final String SYSTEM = "system";

    private final ApplicationRepository applications;
    private final EventOutbox outbox;

    CaseJournal(ApplicationRepository applications, EventOutbox outbox) {
        this.applications = applications;
        this.outbox = outbox;
    }

    /** A new draft (no event: nothing was submitted yet). */
    void drafted(Application a, String actor, Instant now) {
        applications.recordStatusChange(a.getId(), null, a.getStatus(), actor, null, now);
    }

    /** Submitted (or waiting for its fee), with the fee due where there is one. {@code previous} null: new at once. */
    void submitted(Application a, ServiceType type, ApplicationStatus previous, String actor, Instant now) {
        applications.recordStatusChange(a.getId(), previous, a.getStatus(), actor, null, now);
        record(a, ApplicationEvents.SUBMITTED, new ApplicationSubmitted(a.getId(), a.getCitizenId(), a.getServiceType(),
                a.getServiceType(), a.getServiceTypeVersion(), a.getOrgUnit(), a.getDueDate(), a.getFeeAmountCents(),
                ApplicationSubmitted.Currency.EUR));
        if (a.getFeeAmountCents() > 0) {
            record(a, ApplicationEvents.FEE_DUE, new FeeDue(a.getId(), a.getCitizenId(), a.getServiceType(),
                    a.getFeeAmountCents(), FeeDue.Currency.EUR, abbreviate(type.nameDe(), 140),
                    type.feeRule().refundsOnRejection()));
        }
    }

    void statusChanged(Application a, ApplicationStatus previous, String actor, String reason, Instant now) {
        applications.recordStatusChange(a.getId(), previous, a.getStatus(), actor, reason, now);
        record(a, ApplicationEvents.STATUS_CHANGED, new ApplicationStatusChanged(a.getId(), a.getCitizenId(),
                a.getServiceType(), previous.name(), a.getStatus().name(), previous.name(), a.getStatus().name(), actor));
    }

    void withdrawn(Application a, ApplicationStatus previous, String actor, String reason, Instant now) {
        statusChanged(a, previous, actor, reason, now);
        record(a, ApplicationEvents.WITHDRAWN, new ApplicationWithdrawn(a.getId(), a.getCitizenId(), a.getServiceType()));
    }

    /** The question goes to the timeline; the event carries only the date to answer by. */
    void informationRequested(Application a, ApplicationStatus previous, String actor, Instant now) {
        timeline(a, "INFORMATION_REQUESTED", a.getInformationRequest(), now);
        statusChanged(a, previous, actor, null, now);
        record(a, ApplicationEvents.INFORMATION_REQUESTED, new InformationRequested(a.getId(), a.getCitizenId(),
                a.getServiceType(), a.getInformationAnswerDueDate()));
    }

    /** Decided by a clerk or by the deadline ({@code deemed}); a rejection after payment requests the refund where due. */
    void decided(Application a, ApplicationStatus previous, String actor, boolean deemed, ServiceType type, Instant now) {
        statusChanged(a, previous, actor, a.getDecisionReason(), now);
        record(a, ApplicationEvents.DECIDED, new ApplicationDecided(a.getId(), a.getCitizenId(), a.getServiceType(),
                ApplicationDecided.Decision.valueOf(a.getStatus().name()), deemed));
        if (a.isRefundDue(type)) {
            record(a, ApplicationEvents.REFUND_REQUESTED, new RefundRequested(a.getId(), a.getCitizenId(),
                    a.getServiceType(), null, "Antrag abgelehnt"));
            timeline(a, "REFUND_REQUESTED", null, now);
        }
    }

    void overdue(Application a) {
        record(a, ApplicationEvents.OVERDUE, new ApplicationOverdue(a.getId(), a.getCitizenId(), a.getServiceType(),
                a.getDueDate(), a.getOrgUnit()));
    }

    /** An entry of the citizen's timeline that is no status change (documents, payments, appointments, answers). */
    void timeline(Application a, String kind, String text, Instant now) {
        applications.timeline(a.getId(), kind, text, now);
    }

    private void record(Application a, EventSpec spec, Object payload) {
        outbox.record(spec, a.getId().toString(), a.getTenant(), payload);
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
