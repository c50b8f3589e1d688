package de.rathaus.applications.application;

import static de.rathaus.applications.application.ApplicationStatus.APPROVED;
import static de.rathaus.applications.application.ApplicationStatus.AWAITING_PAYMENT;
import static de.rathaus.applications.application.ApplicationStatus.CLOSED;
import static de.rathaus.applications.application.ApplicationStatus.DRAFT;
import static de.rathaus.applications.application.ApplicationStatus.INFORMATION_REQUESTED;
import static de.rathaus.applications.application.ApplicationStatus.IN_REVIEW;
import static de.rathaus.applications.application.ApplicationStatus.REJECTED;
import static de.rathaus.applications.application.ApplicationStatus.SUBMITTED;
import static de.rathaus.applications.application.ApplicationStatus.SUSPENDED;
import static de.rathaus.applications.application.ApplicationStatus.WITHDRAWN;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The state machine: exactly the documented edges (README, "State machine"), nothing else. */
class ApplicationStatusTest {

    /** Every edge, written out once more so that a changed edge shows up here as a decision. */
    static final List<String> EDGES = List.of(
            "DRAFT -> SUBMITTED", "DRAFT -> AWAITING_PAYMENT",
            "AWAITING_PAYMENT -> SUBMITTED", "AWAITING_PAYMENT -> WITHDRAWN", "AWAITING_PAYMENT -> CLOSED",
            "SUBMITTED -> IN_REVIEW", "SUBMITTED -> REJECTED", "SUBMITTED -> WITHDRAWN",
            "IN_REVIEW -> INFORMATION_REQUESTED", "IN_REVIEW -> SUSPENDED", "IN_REVIEW -> APPROVED",
            "IN_REVIEW -> REJECTED", "IN_REVIEW -> WITHDRAWN",
            "INFORMATION_REQUESTED -> IN_REVIEW", "INFORMATION_REQUESTED -> WITHDRAWN",
            "SUSPENDED -> IN_REVIEW", "SUSPENDED -> WITHDRAWN",
            "APPROVED -> CLOSED", "REJECTED -> CLOSED");

    static Stream<Arguments> everyPair() {
        return Arrays.stream(ApplicationStatus.values()).flatMap(from -> Arrays.stream(ApplicationStatus.values())
                .map(to -> Arguments.of(from, to, EDGES.contains(from + " -> " + to))));
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @MethodSource("everyPair")
    void onlyTheDocumentedEdgesAreAllowed(ApplicationStatus from, ApplicationStatus to, boolean allowed) {
        assertThat(from.canMoveTo(to)).isEqualTo(allowed);
    }

    @Test
    void aClerkApprovesOnlyACaseInReview() {
        assertThat(SUBMITTED.canMoveTo(APPROVED)).as("only the deemed approval skips the review").isFalse();
        assertThat(IN_REVIEW.canMoveTo(APPROVED)).isTrue();
        assertThat(SUBMITTED.canMoveTo(REJECTED)).as("an inadmissible case is rejected without claiming it").isTrue();
    }

    @Test
    void deemedApprovalTakesOnlyUndecidedCasesNobodyWaitsFor() {
        Set<ApplicationStatus> deemable = EnumSet.noneOf(ApplicationStatus.class);
        for (ApplicationStatus status : ApplicationStatus.values()) {
            if (status.mayBeDeemedApproved()) {
                deemable.add(status);
            }
        }
        assertThat(deemable).containsExactlyInAnyOrder(SUBMITTED, IN_REVIEW);
    }

    @Test
    void finalStatesLeadNowhere() {
        for (ApplicationStatus to : ApplicationStatus.values()) {
            assertThat(CLOSED.canMoveTo(to)).isFalse();
            assertThat(WITHDRAWN.canMoveTo(to)).isFalse();
        }
        assertThat(Arrays.stream(ApplicationStatus.values()).filter(ApplicationStatus::isFinal))
                .containsExactlyInAnyOrder(CLOSED, WITHDRAWN);
    }

    @Test
    void openCasesAreThoseStillBeingWorkedOn() {
        assertThat(Arrays.stream(ApplicationStatus.values()).filter(ApplicationStatus::isOpen))
                .containsExactlyInAnyOrder(SUBMITTED, AWAITING_PAYMENT, IN_REVIEW, INFORMATION_REQUESTED, SUSPENDED);
        assertThat(DRAFT.isOpen()).as("a draft is not submitted yet").isFalse();
        assertThat(APPROVED.isOpen()).isFalse();
    }

    @Test
    void everyOpenCaseCanBeWithdrawnByItsApplicant() {
        for (ApplicationStatus open : ApplicationStatus.OPEN) {
            assertThat(open.canMoveTo(WITHDRAWN)).as(open.name()).isTrue();
        }
    }
}
