package de.rathaus.applications.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.rathaus.applications.catalog.FeeRule;
import de.rathaus.applications.catalog.ServiceType;
import de.rathaus.platform.web.ConflictException;
import de.rathaus.platform.web.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The rules of an application, without Spring or a database: every allowed and refused move, deadlines, fees. */
class ApplicationTest {

    /** Wednesday 13 January 2027, 09:00 in Berlin. */
    static final Instant NOW = berlin("2027-01-13T09:00");
    static final LocalDate TODAY = LocalDate.of(2027, 1, 13);
    static final FeeRule FREE = new FeeRule(FeeRule.Type.FIXED, 0L, null, null, null, null, null);
    static final FeeRule PAY_FIRST = new FeeRule(FeeRule.Type.FIXED, 1000L, null, null, null, true, true);
    static final FeeRule PAY_ALONGSIDE = new FeeRule(FeeRule.Type.FIXED, 2600L, null, null, null, false, false);

    static Instant berlin(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(Application.BERLIN).toInstant();
    }

    static ServiceType service(FeeRule fee, int processingDays, boolean deemedApproval, boolean appointmentRequired) {
        return new ServiceType("bochum", "hundesteuer-anmeldung", 3, "99000000000000", "Hundesteuer-Anmeldung",
                "Dog tax", Map.of("type", "object"), List.of(), fee, processingDays, deemedApproval, "steueramt",
                appointmentRequired, 365, NOW);
    }

    static final ServiceType FREE_30_DAYS = service(FREE, 30, false, false);
    static final ServiceType DEEMED_30_DAYS = service(FREE, 30, true, false);

    static Application draft() {
        return Application.draft(UUID.randomUUID(), "citizen-anna", FREE_30_DAYS, Map.of("hund", "Bello"), NOW);
    }

    static Application submitted(ServiceType type) {
        Application application = draft();
        application.submit(type, type.feeRule().displayAmountCents(), NOW);
        return application;
    }

    static Application inReview(ServiceType type) {
        Application application = submitted(type);
        application.assign("clerk-clara", NOW);
        return application;
    }

    static Application inReview() {
        return inReview(FREE_30_DAYS);
    }

    static Application informationRequested() {
        Application application = inReview();
        application.requestInformation("Bitte den Impfpass nachreichen.", TODAY.plusDays(14), NOW);
        return application;
    }

    static Application suspended() {
        Application application = inReview();
        application.suspend("Klärung der Haltereigenschaft", NOW);
        return application;
    }

    static Application approved() {
        Application application = inReview();
        application.decide(ApplicationStatus.APPROVED, "Hund ist erfasst.", FREE_30_DAYS, NOW);
        return application;
    }

    static Application withdrawn() {
        Application application = submitted(FREE_30_DAYS);
        application.withdraw(NOW);
        return application;
    }

    static void assertConflict(Runnable action, String message) {
        assertThatThrownBy(action::run).isInstanceOf(ConflictException.class).hasMessage(message);
    }

    static void assertInvalid(Runnable action, String field) {
        assertThatThrownBy(action::run).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo(field));
    }

    @Nested
    class Submission {

        @Test
        void aDraftTakesTheCurrentVersionAndStartsWithAnEmptyFormIfNoneIsGiven() {
            Application draft = Application.draft(UUID.randomUUID(), "citizen-anna", FREE_30_DAYS, null, NOW);

            assertThat(draft.getStatus()).isEqualTo(ApplicationStatus.DRAFT);
            assertThat(draft.getTenant()).isEqualTo("bochum");
            assertThat(draft.getServiceTypeVersion()).isEqualTo(3);
            assertThat(draft.getOrgUnit()).isEqualTo("steueramt");
            assertThat(draft.getFormData()).isEmpty();
            assertThat(draft.getDueDate()).isNull();
        }

        @Test
        void withoutAFeeToWaitForTheCaseIsSubmittedAndItsDeadlineStarts() {
            Application application = draft();

            ApplicationStatus previous = application.submit(FREE_30_DAYS, 0, NOW);

            assertThat(previous).isEqualTo(ApplicationStatus.DRAFT);
            assertThat(application.getStatus()).isEqualTo(ApplicationStatus.SUBMITTED);
            assertThat(application.getSubmittedAt()).isEqualTo(NOW);
            assertThat(application.getDueDate()).isEqualTo(TODAY.plusDays(30));
            assertThat(application.getDeemedApprovalDate()).as("the catalog grants none").isNull();
        }

        @Test
        void aFeePaidBeforeProcessingMakesTheCaseWaitAndTheDeadlineStartsWithThePayment() {
            Application application = draft();

            application.submit(service(PAY_FIRST, 5, false, false), 1000, NOW);

            assertThat(application.getStatus()).isEqualTo(ApplicationStatus.AWAITING_PAYMENT);
            assertThat(application.getFeeAmountCents()).isEqualTo(1000);
            assertThat(application.getDueDate()).isNull();
        }

        @Test
        void aFeeCollectedAlongsideDoesNotHoldTheCaseUp() {
            Application application = draft();

            application.submit(service(PAY_ALONGSIDE, 10, false, false), 2600, NOW);

            assertThat(application.getStatus()).isEqualTo(ApplicationStatus.SUBMITTED);
            assertThat(application.getDueDate()).isEqualTo(TODAY.plusDays(10));
        }

        @Test
        void aPayFirstServiceWhoseFeeComesToNothingIsSubmittedAtOnce() {
            Application application = draft();

            application.submit(service(PAY_FIRST, 5, false, false), 0, NOW);

            assertThat(application.getStatus()).isEqualTo(ApplicationStatus.SUBMITTED);
        }

        @Test
        void theDraftIsSubmittedUnderTheVersionCurrentAtSubmission() {
            Application application = draft();
            ServiceType newer = new ServiceType("bochum", "hundesteuer-anmeldung", 4, "99000000000000", "Hundesteuer",
                    "Dog tax", Map.of(), List.of(), FREE, 14, false, "kasse", false, 365, NOW);

            application.submit(newer, 0, NOW);

            assertThat(application.getServiceTypeVersion()).isEqualTo(4);
            assertThat(application.getOrgUnit()).isEqualTo("kasse");
            assertThat(application.getDueDate()).isEqualTo(TODAY.plusDays(14));
        }

        @Test
        void anApplicationIsSubmittedOnceAndOnlyADraftChanges() {
            Application application = submitted(FREE_30_DAYS);

            assertConflict(() -> application.submit(FREE_30_DAYS, 0, NOW),
                    "An application in status SUBMITTED cannot be submitted again.");
            assertConflict(() -> application.changeDraft(Map.of(), NOW),
                    "Only a draft can be changed; this application is SUBMITTED.");
        }

        @Test
        void aDraftsFormIsReplaced() {
            Application application = draft();
            Instant later = NOW.plus(Duration.ofHours(2));

            application.changeDraft(Map.of("hund", "Rex"), later);

            assertThat(application.getFormData()).containsEntry("hund", "Rex");
            assertThat(application.getUpdatedAt()).isEqualTo(later);
        }

        @Test
        void theDeadlineCountsCalendarDaysInBerlin() {
            Application lateEvening = draft();
            // 23:30 UTC on 31 December is already 1 January in Berlin
            lateEvening.submit(FREE_30_DAYS, 0, Instant.parse("2026-12-31T23:30:00Z"));

            assertThat(lateEvening.getDueDate()).isEqualTo(LocalDate.of(2027, 1, 31));
        }

        @Test
        void whereTheCatalogGrantsDeemedApprovalItTakesEffectTheDayAfterTheDueDate() {
            Application application = submitted(DEEMED_30_DAYS);

            assertThat(application.getDueDate()).isEqualTo(TODAY.plusDays(30));
            assertThat(application.getDeemedApprovalDate()).isEqualTo(TODAY.plusDays(31));
        }
    }

    @Nested
    class Citizen {

        @Test
        void everySubmittedCaseThatIsNotOverCanBeWithdrawn() {
            for (Application application : List.of(submitted(FREE_30_DAYS), submitted(service(PAY_FIRST, 5, false, false)),
                    inReview(), informationRequested(), suspended())) {
                ApplicationStatus before = application.getStatus();

                assertThat(application.withdraw(NOW)).isEqualTo(before);
                assertThat(application.getStatus()).isEqualTo(ApplicationStatus.WITHDRAWN);
                assertThat(application.getClosedAt()).as("retention starts").isEqualTo(NOW);
            }
        }

        @Test
        void aDraftOrADecidedCaseCannotBeWithdrawn() {
            assertConflict(() -> draft().withdraw(NOW), "A draft is not submitted; there is nothing to withdraw.");
            assertConflict(() -> approved().withdraw(NOW), "An application in status APPROVED cannot move to WITHDRAWN.");
            assertConflict(() -> withdrawn().withdraw(NOW), "An application in status WITHDRAWN cannot move to WITHDRAWN.");
        }

        @Test
        void anAnswerBringsTheCaseBackIntoReviewAndClosesTheQuestion() {
            Application application = informationRequested();

            assertThat(application.answerInformationRequest(NOW)).isEqualTo(ApplicationStatus.INFORMATION_REQUESTED);

            assertThat(application.getStatus()).isEqualTo(ApplicationStatus.IN_REVIEW);
            assertThat(application.getInformationRequest()).isNull();
            assertThat(application.getInformationAnswerDueDate()).isNull();
        }

        @Test
        void onlyARequestedAnswerIsTaken() {
            assertConflict(() -> inReview().answerInformationRequest(NOW),
                    "No information was requested for this application (status IN_REVIEW).");
        }

        @Test
        void documentsGoToDraftsAndOpenCasesOnly() {
            draft().checkMayAttachDocuments();
            inReview().checkMayAttachDocuments();
            suspended().checkMayAttachDocuments();
            assertConflict(() -> approved().checkMayAttachDocuments(),
                    "Documents can only be attached to an open application (status APPROVED).");
            assertConflict(() -> withdrawn().checkMayAttachDocuments(),
                    "Documents can only be attached to an open application (status WITHDRAWN).");
        }

        @Test
        void draftsAreTheCitizensAlone() {
            assertThat(draft().isVisibleToStaff()).isFalse();
            assertThat(submitted(FREE_30_DAYS).isVisibleToStaff()).isTrue();
        }
    }

    @Nested
    class Clerk {

        @Test
        void claimingASubmittedCaseTakesItIntoReview() {
            Application application = submitted(FREE_30_DAYS);

            assertThat(application.assign("clerk-clara", NOW)).contains(ApplicationStatus.SUBMITTED);

            assertThat(application.getStatus()).isEqualTo(ApplicationStatus.IN_REVIEW);
            assertThat(application.getAssignee()).isEqualTo("clerk-clara");
        }

        @Test
        void reassigningLeavesTheStatusAlone() {
            Application application = inReview();

            assertThat(application.assign("clerk-carl", NOW)).isEmpty();
            assertThat(application.getAssignee()).isEqualTo("clerk-carl");
            assertThat(application.getStatus()).isEqualTo(ApplicationStatus.IN_REVIEW);

            Application waiting = submitted(service(PAY_FIRST, 5, false, false));
            assertThat(waiting.assign("clerk-clara", NOW)).isEmpty();
            assertThat(waiting.getStatus()).isEqualTo(ApplicationStatus.AWAITING_PAYMENT);
        }

        @Test
        void aCaseThatIsOverCannotBeAssigned() {
            assertConflict(() -> approved().assign("clerk-clara", NOW), "A case in status APPROVED cannot be assigned.");
            assertConflict(() -> draft().assign("clerk-clara", NOW), "A case in status DRAFT cannot be assigned.");
        }

        @Test
        void reviewKeepsAnExistingAssignee() {
            Application unassigned = submitted(FREE_30_DAYS);
            unassigned.review("clerk-clara", NOW);
            assertThat(unassigned.getAssignee()).isEqualTo("clerk-clara");

            Application assigned = informationRequested();
            assigned.review("clerk-carl", NOW);
            assertThat(assigned.getAssignee()).isEqualTo("clerk-clara");
            assertThat(assigned.getStatus()).isEqualTo(ApplicationStatus.IN_REVIEW);
        }

        @Test
        void onlyADecidedCaseIsClosed() {
            Application application = approved();
            assertThat(application.close(NOW)).isEqualTo(ApplicationStatus.APPROVED);
            assertThat(application.getClosedAt()).isEqualTo(NOW);
            assertConflict(() -> inReview().close(NOW), "An application in status IN_REVIEW cannot move to CLOSED.");
        }

        @Test
        void anInformationRequestNeedsAQuestionAndACaseInReview() {
            assertInvalid(() -> inReview().requestInformation(" ", null, NOW), "question");
            assertConflict(() -> submitted(FREE_30_DAYS).requestInformation("Warum?", null, NOW),
                    "An application in status SUBMITTED cannot move to INFORMATION_REQUESTED.");

            Application application = informationRequested();
            assertThat(application.getInformationRequest()).isEqualTo("Bitte den Impfpass nachreichen.");
            assertThat(application.getInformationAnswerDueDate()).isEqualTo(TODAY.plusDays(14));
        }

        @Test
        void aSuspensionNeedsAReasonAndACaseInReview() {
            assertInvalid(() -> inReview().suspend("", NOW), "reason");
            assertConflict(() -> submitted(FREE_30_DAYS).suspend("Klärung", NOW),
                    "An application in status SUBMITTED cannot move to SUSPENDED.");
            assertThat(suspended().getSuspendedAt()).isEqualTo(NOW);
        }

        @Test
        void aClerkApprovesACaseInReviewWithAReason() {
            Application application = inReview();

            assertThat(application.decide(ApplicationStatus.APPROVED, "Hund ist erfasst.", FREE_30_DAYS, NOW))
                    .isEqualTo(ApplicationStatus.IN_REVIEW);

            assertThat(application.getStatus()).isEqualTo(ApplicationStatus.APPROVED);
            assertThat(application.getDecisionReason()).isEqualTo("Hund ist erfasst.");
            assertThat(application.getClosedAt()).as("decided is not over yet").isNull();
        }

        @Test
        void aClerkCannotApproveACaseNobodyClaimedOnlyTheDeadlineCan() {
            assertConflict(() -> submitted(FREE_30_DAYS).decide(ApplicationStatus.APPROVED, "passt", FREE_30_DAYS, NOW),
                    "An application in status SUBMITTED cannot move to APPROVED.");
        }

        @Test
        void anInadmissibleCaseIsRejectedWithoutClaimingIt() {
            Application application = submitted(FREE_30_DAYS);

            application.decide(ApplicationStatus.REJECTED, "Kein Hund in Bochum", FREE_30_DAYS, NOW);

            assertThat(application.getStatus()).isEqualTo(ApplicationStatus.REJECTED);
        }

        @Test
        void aDecisionNeedsAReasonAndIsApprovalOrRejection() {
            assertInvalid(() -> inReview().decide(ApplicationStatus.APPROVED, " ", FREE_30_DAYS, NOW), "reason");
            assertInvalid(() -> inReview().decide(ApplicationStatus.CLOSED, "fertig", FREE_30_DAYS, NOW), "decision");
            assertConflict(() -> suspended().decide(ApplicationStatus.REJECTED, "nein", FREE_30_DAYS, NOW),
                    "An application in status SUSPENDED cannot move to REJECTED.");
            assertConflict(() -> approved().decide(ApplicationStatus.REJECTED, "doch nicht", FREE_30_DAYS, NOW),
                    "An application in status APPROVED cannot move to REJECTED.");
        }

        @Test
        void aServiceNeedingAPersonalAppointmentIsApprovedOnlyOnceOneIsBooked() {
            ServiceType personal = service(FREE, 21, false, true);
            Application application = inReview(personal);
            assertConflict(() -> application.decide(ApplicationStatus.APPROVED, "Identität geprüft", personal, NOW),
                    "This service needs a personal appointment; it can be approved once the applicant has booked one.");

            application.bookAppointment(UUID.randomUUID(), NOW.plus(Duration.ofDays(3)), NOW);
            application.decide(ApplicationStatus.APPROVED, "Identität geprüft", personal, NOW);

            assertThat(application.getStatus()).isEqualTo(ApplicationStatus.APPROVED);
            Application rejected = inReview(personal);
            rejected.decide(ApplicationStatus.REJECTED, "Unterlagen fehlen", personal, NOW);
            assertThat(rejected.getStatus()).as("a rejection needs no appointment").isEqualTo(ApplicationStatus.REJECTED);
        }

        @Test
        void aRejectionAfterPaymentIsRefundedWhereTheFeeRuleSaysSo() {
            ServiceType refunding = service(PAY_FIRST, 5, false, false);
            Application paid = submitted(refunding);
            paid.payFee(refunding, NOW);
            paid.assign("clerk-clara", NOW);
            paid.decide(ApplicationStatus.REJECTED, "Keine Meldung in Bochum", refunding, NOW);
            assertThat(paid.isRefundDue(refunding)).isTrue();

            ServiceType keeping = service(PAY_ALONGSIDE, 10, false, false);
            Application unpaid = submitted(keeping);
            unpaid.decide(ApplicationStatus.REJECTED, "Erlaubnispflichtig", keeping, NOW);
            assertThat(unpaid.isRefundDue(keeping)).as("nothing paid").isFalse();
            unpaid.payFee(keeping, NOW);
            assertThat(unpaid.isRefundDue(keeping)).as("the rule keeps the fee").isFalse();

            Application approved = submitted(refunding);
            approved.payFee(refunding, NOW);
            approved.assign("clerk-clara", NOW);
            approved.decide(ApplicationStatus.APPROVED, "passt", refunding, NOW);
            assertThat(approved.isRefundDue(refunding)).isFalse();
        }
    }

    @Nested
    class Suspension {

        @Test
        void resumingMovesTheDueAndDeemedApprovalDatesByTheDaysSuspended() {
            Application application = inReview(DEEMED_30_DAYS);
            application.suspend("Klärung", NOW);

            int paused = application.resume(NOW.plus(Duration.ofDays(4)));

            assertThat(paused).isEqualTo(4);
            assertThat(application.getStatus()).isEqualTo(ApplicationStatus.IN_REVIEW);
            assertThat(application.getSuspendedAt()).isNull();
            assertThat(application.getSuspendedDays()).isEqualTo(4);
            assertThat(application.getDueDate()).isEqualTo(TODAY.plusDays(34));
            assertThat(application.getDeemedApprovalDate()).isEqualTo(TODAY.plusDays(35));
        }

        @Test
        void suspendedDaysAddUpOverSeveralSuspensions() {
            Application application = suspended();
            application.resume(NOW.plus(Duration.ofDays(2)));
            application.suspend("noch einmal", NOW.plus(Duration.ofDays(3)));

            application.resume(NOW.plus(Duration.ofDays(6)));

            assertThat(application.getSuspendedDays()).isEqualTo(5);
            assertThat(application.getDueDate()).isEqualTo(TODAY.plusDays(35));
        }

        @Test
        void theDaysAreBerlinCalendarDaysNotTwentyFourHours() {
            Application application = inReview();
            application.suspend("Klärung", berlin("2027-01-13T23:59"));

            assertThat(application.resume(berlin("2027-01-14T00:01"))).as("two minutes, but the next day").isEqualTo(1);

            Application sameDay = inReview();
            sameDay.suspend("Klärung", berlin("2027-01-13T00:01"));
            assertThat(sameDay.resume(berlin("2027-01-13T23:59"))).isZero();
            assertThat(sameDay.getDueDate()).isEqualTo(TODAY.plusDays(30));
        }

        @Test
        void aSuspensionOverTheSwitchToSummerTimeCountsTheDaysOnTheCalendar() {
            Application application = inReview();
            application.suspend("Klärung", berlin("2027-03-27T12:00"));

            assertThat(application.resume(berlin("2027-03-29T12:00"))).isEqualTo(2);
        }

        @Test
        void onlyASuspendedCaseIsResumed() {
            assertConflict(() -> inReview().resume(NOW), "An application in status IN_REVIEW is not suspended.");
        }

        @Test
        void aSuspendedCaseIsNotOverdue() {
            Application application = suspended();

            assertThat(application.isOverdue(TODAY.plusDays(60))).isFalse();
        }
    }

    @Nested
    class Deadlines {

        @Test
        void aCaseIsOverdueTheDayAfterItsDueDate() {
            Application application = inReview();

            assertThat(application.isOverdue(TODAY.plusDays(30))).as("on the due date").isFalse();
            assertThat(application.isOverdue(TODAY.plusDays(31))).isTrue();
            assertThat(informationRequested().isOverdue(TODAY.plusDays(31))).as("the clerk waits, but the deadline runs").isTrue();
        }

        @Test
        void aCaseWithoutARunningDeadlineOrThatIsDecidedIsNeverOverdue() {
            assertThat(submitted(service(PAY_FIRST, 5, false, false)).isOverdue(TODAY.plusYears(1))).isFalse();
            assertThat(approved().isOverdue(TODAY.plusYears(1))).isFalse();
            assertThat(draft().isOverdue(TODAY.plusYears(1))).isFalse();
        }

        @Test
        void anUndecidedCaseIsDeemedApprovedOnItsDeemedApprovalDateEvenIfNobodyClaimedIt() {
            Application application = submitted(DEEMED_30_DAYS);
            LocalDate deemedDate = TODAY.plusDays(31);
            assertThat(application.isDeemedApprovalDue(deemedDate.minusDays(1))).isFalse();
            assertThat(application.isDeemedApprovalDue(deemedDate)).isTrue();

            Instant then = NOW.plus(Duration.ofDays(31));
            assertThat(application.deemApproved(deemedDate, then)).isEqualTo(ApplicationStatus.SUBMITTED);

            assertThat(application.getStatus()).isEqualTo(ApplicationStatus.APPROVED);
            assertThat(application.getDecisionReason()).contains("42a");
            assertThat(application.getUpdatedAt()).isEqualTo(then);
        }

        @Test
        void aCaseInReviewIsDeemedApprovedToo() {
            Application application = inReview(DEEMED_30_DAYS);

            application.deemApproved(TODAY.plusDays(40), NOW);

            assertThat(application.getStatus()).isEqualTo(ApplicationStatus.APPROVED);
        }

        @Test
        void noDeemedApprovalWhileTheClerkWaitsForTheApplicantOrTheCaseIsSuspendedOrWhereTheCatalogGrantsNone() {
            LocalDate muchLater = TODAY.plusYears(1);
            Application asked = inReview(DEEMED_30_DAYS);
            asked.requestInformation("Lageplan?", null, NOW);
            Application suspended = inReview(DEEMED_30_DAYS);
            suspended.suspend("Klärung", NOW);

            for (Application application : List.of(asked, suspended, inReview(FREE_30_DAYS))) {
                assertThat(application.isDeemedApprovalDue(muchLater)).isFalse();
                ApplicationStatus status = application.getStatus();
                assertThatThrownBy(() -> application.deemApproved(muchLater, NOW)).isInstanceOf(ConflictException.class);
                assertThat(application.getStatus()).isEqualTo(status);
            }
        }

        @Test
        void aDecidedCaseIsNotDeemedApprovedAgain() {
            Application rejected = inReview(DEEMED_30_DAYS);
            rejected.decide(ApplicationStatus.REJECTED, "nein", DEEMED_30_DAYS, NOW);

            assertThat(rejected.isDeemedApprovalDue(TODAY.plusYears(1))).isFalse();
        }
    }

    @Nested
    class FeeAndAppointment {

        @Test
        void thePaymentSubmitsACaseWaitingForItAndItsDeadlineStartsThen() {
            ServiceType payFirst = service(PAY_FIRST, 5, false, false);
            Application application = submitted(payFirst);
            Instant paidAt = NOW.plus(Duration.ofDays(3));

            assertThat(application.payFee(payFirst, paidAt)).contains(ApplicationStatus.AWAITING_PAYMENT);

            assertThat(application.getStatus()).isEqualTo(ApplicationStatus.SUBMITTED);
            assertThat(application.isFeePaid()).isTrue();
            assertThat(application.getFeePaidAt()).isEqualTo(paidAt);
            assertThat(application.getDueDate()).isEqualTo(TODAY.plusDays(3 + 5));
        }

        @Test
        void aFeeCollectedAlongsideIsRecordedWithoutMovingTheCase() {
            ServiceType alongside = service(PAY_ALONGSIDE, 10, false, false);
            Application application = inReview(alongside);

            assertThat(application.payFee(alongside, NOW.plus(Duration.ofDays(3)))).isEmpty();

            assertThat(application.getStatus()).isEqualTo(ApplicationStatus.IN_REVIEW);
            assertThat(application.getDueDate()).as("the deadline started at submission").isEqualTo(TODAY.plusDays(10));
        }

        @Test
        void aFeeIsPaidOnce() {
            ServiceType payFirst = service(PAY_FIRST, 5, false, false);
            Application application = submitted(payFirst);
            application.payFee(payFirst, NOW);

            assertThatThrownBy(() -> application.payFee(payFirst, NOW)).isInstanceOf(ConflictException.class);
        }

        @Test
        void onlyTheBookedAppointmentIsCancelled() {
            Application application = submitted(FREE_30_DAYS);
            UUID appointment = UUID.randomUUID();
            Instant start = NOW.plus(Duration.ofDays(5));
            application.bookAppointment(appointment, start, NOW);
            assertThat(application.getAppointmentId()).isEqualTo(appointment);
            assertThat(application.getAppointmentStart()).isEqualTo(start);

            assertThat(application.cancelAppointment(UUID.randomUUID(), NOW)).isFalse();
            assertThat(application.getAppointmentId()).isEqualTo(appointment);

            assertThat(application.cancelAppointment(appointment, NOW)).isTrue();
            assertThat(application.getAppointmentId()).isNull();
            assertThat(application.getAppointmentStart()).isNull();
        }
    }

    @Nested
    class Concurrency {

        @Test
        void aWriteBasedOnAnotherVersionIsStale() {
            Application application = inReview();

            application.checkVersion(null);
            application.checkVersion(0);
            assertThatThrownBy(() -> application.checkVersion(1)).isInstanceOf(StaleVersionException.class)
                    .satisfies(e -> assertThat(((StaleVersionException) e).currentVersion()).isZero());
            assertThatThrownBy(() -> application.checkVersion(-1)).as("an unreadable If-Match").isInstanceOf(StaleVersionException.class);
        }
    }
}
