package de.rathaus.applications.application;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The lifecycle of an application. {@link #canMoveTo} is the whole state machine: anything not listed is an
 * illegal transition (409). The one move outside it is the deemed approval (§ 42a VwVfG), which only the deadline
 * may make: a case nobody decided in time counts as approved, even if nobody claimed it ({@link
 * #mayBeDeemedApproved}). A clerk approves a case in review. Which use case may trigger which move is decided in
 * {@link Application}.
 */
public enum ApplicationStatus {
    DRAFT, SUBMITTED, AWAITING_PAYMENT, IN_REVIEW, INFORMATION_REQUESTED, SUSPENDED, APPROVED, REJECTED, CLOSED, WITHDRAWN;

    private static final Map<ApplicationStatus, Set<ApplicationStatus>> TRANSITIONS = Map.of(
            DRAFT, EnumSet.of(SUBMITTED, AWAITING_PAYMENT),
            // a clearly inadmissible case may be rejected without claiming it; approval needs a review
            SUBMITTED, EnumSet.of(IN_REVIEW, REJECTED, WITHDRAWN),
            // a fee paid before processing: payment moves the case on to the queue (SUBMITTED)
            AWAITING_PAYMENT, EnumSet.of(SUBMITTED, WITHDRAWN, CLOSED),
            IN_REVIEW, EnumSet.of(INFORMATION_REQUESTED, SUSPENDED, APPROVED, REJECTED, WITHDRAWN),
            INFORMATION_REQUESTED, EnumSet.of(IN_REVIEW, WITHDRAWN),
            SUSPENDED, EnumSet.of(IN_REVIEW, WITHDRAWN),
            APPROVED, EnumSet.of(CLOSED),
            REJECTED, EnumSet.of(CLOSED),
            CLOSED, EnumSet.noneOf(ApplicationStatus.class),
            WITHDRAWN, EnumSet.noneOf(ApplicationStatus.class));

    /** Where the deemed approval may take a case: undecided and neither waiting for the applicant nor suspended. */
    private static final Set<ApplicationStatus> DEEMED_APPROVABLE = EnumSet.of(SUBMITTED, IN_REVIEW);

    /** Cases still being worked on (the work list's default view; the deadline runs for some of them). */
    public static final Set<ApplicationStatus> OPEN = EnumSet.of(SUBMITTED, AWAITING_PAYMENT, IN_REVIEW,
            INFORMATION_REQUESTED, SUSPENDED);

    public boolean canMoveTo(ApplicationStatus target) {
        return TRANSITIONS.get(this).contains(target);
    }

    /** The deemed approval's own edge to APPROVED (§ 42a VwVfG). */
    public boolean mayBeDeemedApproved() {
        return DEEMED_APPROVABLE.contains(this);
    }

    public boolean isOpen() {
        return OPEN.contains(this);
    }

    /** A case that is over: retention starts when it gets here. */
    public boolean isFinal() {
        return this == CLOSED || this == WITHDRAWN;
    }
}
