package de.rathaus.applications.application;

import java.util.EnumSet;
import java.util.Set;

/** The lifecycle of an application; {@link #canMoveTo} is the whole state machine. */
public enum ApplicationStatus {
    SUBMITTED, AWAITING_PAYMENT, IN_REVIEW, INFORMATION_REQUESTED, SUSPENDED, APPROVED, REJECTED, CLOSED, WITHDRAWN;

    private Set<ApplicationStatus> next() {
        return switch (this) {
            case SUBMITTED -> EnumSet.of(AWAITING_PAYMENT, IN_REVIEW, REJECTED, WITHDRAWN);
            case AWAITING_PAYMENT -> EnumSet.of(IN_REVIEW, WITHDRAWN, CLOSED);
            case IN_REVIEW -> EnumSet.of(INFORMATION_REQUESTED, SUSPENDED, APPROVED, REJECTED, WITHDRAWN);
            case INFORMATION_REQUESTED -> EnumSet.of(IN_REVIEW, WITHDRAWN);
            case SUSPENDED -> EnumSet.of(IN_REVIEW, WITHDRAWN);
            case APPROVED, REJECTED -> EnumSet.of(CLOSED);
            case CLOSED, WITHDRAWN -> EnumSet.noneOf(ApplicationStatus.class);
        };
    }

    public boolean canMoveTo(ApplicationStatus target) {
        return next().contains(target);
    }
}
