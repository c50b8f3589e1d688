package de.rathaus.applications;

import static org.assertj.core.api.Assertions.assertThat;

import de.rathaus.testsupport.ApiClient.Response;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The clerk's side: claim, optimistic concurrency, information requests, suspension, decisions, notes, audit. */
class CaseHandlingIT extends ApplicationsTestBase {

    static final String LIST = "/api/v1/applications/backoffice/applications";
    static final String BASE = LIST + "/";
    final String anna = newCitizen();
    final String clara = clerk("clerk-clara", "bochum", "steueramt");

    @Test
    void claimNeedsTheCurrentETagAStaleOneIs412AndNoneIs428() {
        String id = submitted(citizen(anna), HUNDESTEUER);
        String etag = etag(id, clara);
        assertThat(etag).isEqualTo("W/\"0\"");

        Response missing = write("PUT", BASE + id + "/assignment", clara, "{}", null);
        assertThat(missing.status()).isEqualTo(428);
        assertThat(missing.isProblem()).isTrue();

        Response claimed = write("PUT", BASE + id + "/assignment", clara, "{}", etag);
        assertThat(claimed.status()).as(claimed.toString()).isEqualTo(200);
        assertThat(claimed.json().get("status").asText()).isEqualTo("IN_REVIEW");
        assertThat(claimed.json().get("assignee").asText()).isEqualTo("clerk-clara");
        assertThat(claimed.header("ETag")).isEqualTo("W/\"1\"");

        Response stale = write("PUT", BASE + id + "/assignment", clara, "{\"assignee\": \"clerk-carl\"}", etag);
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.isProblem()).isTrue();
        assertThat(stale.json().get("detail").asText()).contains("W/\"1\"");
        assertThat(write("PUT", BASE + id + "/assignment", clara, "{\"assignee\": \"clerk-carl\"}", "\"1\"").json()
                .get("assignee").asText()).as("strong form of the same tag matches too").isEqualTo("clerk-carl");
    }

    @Test
    void informationRequestAndAnswerTravelThroughTimelineAndEvents() {
        String id = inReview(citizen(anna), clara);

        Response asked = write("POST", BASE + id + "/information-request", clara,
                "{\"question\": \"Bitte reichen Sie den Impfpass nach.\", \"answerDueDate\": \"2030-01-31\"}", etag(id, clara));
        assertThat(asked.status()).as(asked.toString()).isEqualTo(200);
        assertThat(asked.json().get("status").asText()).isEqualTo("INFORMATION_REQUESTED");
        JsonNode event = data(awaitEvent(id, "InformationRequested.v1"));
        assertThat(event.get("answerDueDate").asText()).isEqualTo("2030-01-31");
        assertThat(event.toString()).as("the question stays in the service").doesNotContain("Impfpass");

        Response mine = api.get("/api/v1/applications/" + id, citizen(anna));
        assertThat(mine.json().get("informationRequest").asText()).contains("Impfpass");
        Response answered = write("POST", "/api/v1/applications/" + id + "/information-response", citizen(anna),
                "{\"answer\": \"Impfpass ist hochgeladen.\"}", mine.header("ETag"));
        assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
        assertThat(answered.json().get("status").asText()).isEqualTo("IN_REVIEW");

        assertThat(api.get("/api/v1/applications/" + id + "/timeline", citizen(anna)).json().findValuesAsString("kind"))
                .contains("STATUS_CHANGED", "INFORMATION_REQUESTED", "INFORMATION_ANSWERED");
        assertThat(api.get("/api/v1/applications/" + id + "/history", citizen(anna)).json().findValuesAsString("status"))
                .containsExactly("SUBMITTED", "IN_REVIEW", "INFORMATION_REQUESTED", "IN_REVIEW");
    }

    @Test
    void suspensionStopsTheClockAndResumingMovesTheDueDate() {
        String id = inReview(citizen(anna), clara);
        LocalDate due = LocalDate.parse(api.get("/api/v1/applications/" + id, clara).json().get("dueDate").asText());
        assertThat(due).isEqualTo(CLOCK.todayInBerlin().plusDays(30));

        Response noReason = write("PUT", BASE + id + "/suspension", clara, "{\"reason\": \"\"}", etag(id, clara));
        assertThat(noReason.status()).isEqualTo(400);
        Response suspended = write("PUT", BASE + id + "/suspension", clara,
                "{\"reason\": \"Ruhen des Verfahrens bis zur Klärung der Haltereigenschaft\"}", etag(id, clara));
        assertThat(suspended.status()).as(suspended.toString()).isEqualTo(200);
        assertThat(suspended.json().get("status").asText()).isEqualTo("SUSPENDED");
        CLOCK.advance(Duration.ofDays(4));

        Response resumed = write("DELETE", BASE + id + "/suspension", clara, null, etag(id, clara));
        assertThat(resumed.status()).as(resumed.toString()).isEqualTo(200);
        assertThat(resumed.json().get("status").asText()).isEqualTo("IN_REVIEW");
        assertThat(resumed.json().get("suspendedDays").asInt()).isEqualTo(4);
        assertThat(LocalDate.parse(resumed.json().get("dueDate").asText())).isEqualTo(due.plusDays(4));
        Response again = write("DELETE", BASE + id + "/suspension", clara, null, resumed.header("ETag"));
        assertThat(again.status()).isEqualTo(409);
    }

    @Test
    void decisionNeedsAReasonAndIsPublished() {
        String id = inReview(citizen(anna), clara);
        assertThat(write("POST", BASE + id + "/decision", clara, "{\"decision\": \"APPROVED\", \"reason\": \" \"}",
                etag(id, clara)).status()).isEqualTo(400);

        Response approved = write("POST", BASE + id + "/decision", clara,
                "{\"decision\": \"APPROVED\", \"reason\": \"Hund ist steuerlich erfasst.\"}", etag(id, clara));
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(approved.json().get("status").asText()).isEqualTo("APPROVED");
        JsonNode decided = data(awaitEvent(id, "ApplicationDecided.v1"));
        assertThat(decided.get("decision").asText()).isEqualTo("APPROVED");
        assertThat(decided.get("deemedApproval").asBoolean()).isFalse();
        assertThat(outboxTypes(id)).doesNotContain("de.rathaus.applications.RefundRequested.v1");

        Response closed = write("PUT", BASE + id + "/status", clara, "{\"status\": \"CLOSED\"}", approved.header("ETag"));
        assertThat(closed.status()).isEqualTo(200);
        Response afterClose = write("PUT", BASE + id + "/status", clara, "{\"status\": \"IN_REVIEW\"}", closed.header("ETag"));
        assertThat(afterClose.status()).isEqualTo(409);
        assertThat(afterClose.json().get("detail").asText()).isEqualTo("An application in status CLOSED cannot move to IN_REVIEW.");
    }

    @Test
    void aClerkApprovesOnlyACaseInReviewOnlyTheDeadlineApprovesUnclaimedOnes() {
        String id = submitted(citizen(anna), HUNDESTEUER);
        String approve = "{\"decision\": \"APPROVED\", \"reason\": \"Hund ist steuerlich erfasst.\"}";

        Response unclaimed = write("POST", BASE + id + "/decision", clara, approve, etag(id, clara));
        assertThat(unclaimed.status()).as(unclaimed.toString()).isEqualTo(409);
        assertThat(unclaimed.json().get("detail").asText()).isEqualTo("An application in status SUBMITTED cannot move to APPROVED.");
        assertThat(write("PUT", BASE + id + "/status", clara, "{\"status\": \"APPROVED\", \"reason\": \"passt\"}",
                etag(id, clara)).status()).as("not by the status route either").isEqualTo(409);

        assertThat(write("PUT", BASE + id + "/assignment", clara, "{}", etag(id, clara)).status()).isEqualTo(200);
        Response approved = write("POST", BASE + id + "/decision", clara, approve, etag(id, clara));
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(approved.json().get("status").asText()).isEqualTo("APPROVED");
    }

    @Test
    void citizenWithdrawsAndTheCaseIsOver() {
        String id = submitted(citizen(anna), HUNDESTEUER);
        Response withdrawn = write("POST", "/api/v1/applications/" + id + "/withdrawal", citizen(anna),
                "{\"reason\": \"Hund doch nicht angeschafft\"}", null);
        assertThat(withdrawn.status()).as(withdrawn.toString()).isEqualTo(200);
        assertThat(withdrawn.json().get("status").asText()).isEqualTo("WITHDRAWN");
        assertThat(awaitEvent(id, "ApplicationWithdrawn.v1")).isNotNull();
        assertThat(write("POST", "/api/v1/applications/" + id + "/withdrawal", citizen(anna), null, null).status()).isEqualTo(409);
        assertThat(write("PUT", BASE + id + "/status", clara, "{\"status\": \"WITHDRAWN\"}", etag(id, clara)).status())
                .as("only the applicant withdraws").isEqualTo(409);
    }

    @Test
    void notesAreInternalAndEveryClerkAccessIsAuditedWithItsPurpose() {
        String id = submitted(citizen(anna), HUNDESTEUER);
        Response note = api.send(api.request(BASE + id + "/notes", clara)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"text\": \"Halter telefonisch erreicht\"}")),
                java.util.Map.of("Content-Type", "application/json", "X-Purpose", "R%C3%BCckfrage%20Halter"));
        assertThat(note.status()).as(note.toString()).isEqualTo(201);
        assertThat(api.get(BASE + id + "/notes", clara).json().findValuesAsString("text")).containsExactly("Halter telefonisch erreicht");
        assertThat(api.get(BASE + id + "/notes", citizen(anna)).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/applications/" + id + "/timeline", citizen(anna)).body()).doesNotContain("telefonisch");

        Response audit = api.get("/api/v1/applications/admin/audit?applicationId=" + id, admin("bochum"));
        assertThat(audit.status()).as(audit.toString()).isEqualTo(200);
        assertThat(audit.json().findValuesAsString("action")).contains("ADD_NOTE", "READ_NOTES");
        assertThat(audit.json().findValuesAsString("purpose")).contains("Rückfrage Halter", "Fallbearbeitung");
        assertThat(audit.json().findValuesAsString("actor")).containsOnly("clerk-clara");
        assertThat(audit.json().findValuesAsString("citizenId")).containsOnly(anna);
        assertThat(api.get("/api/v1/applications/admin/audit?actor=clerk-clara", admin("soest")).json().findValuesAsString("applicationId"))
                .as("another municipality's admin sees none of it").doesNotContain(id);
        assertThat(api.get("/api/v1/applications/admin/audit", clara).status()).isEqualTo(403);
    }

    @Test
    void workListFiltersByOrgUnitStatusAndServiceAndPagesWithACursor() {
        String citizen = newCitizen();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(submitted(citizen(citizen), HUNDESTEUER));
        }
        String gewerbe = submitted(citizen(citizen), GEWERBE);
        String gewerbeClerk = clerk("clerk-gerd", "bochum", "gewerbe");

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = api.get(LIST + "?serviceType=hundesteuer-anmeldung&status=SUBMITTED&limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor), clara);
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            page.json().get("items").forEach(item -> {
                seen.add(item.get("id").asText());
                assertThat(item.path("formData").isEmpty()).as("no form data in the list").isTrue();
            });
            cursor = page.json().hasNonNull("nextCursor") ? page.json().get("nextCursor").asText() : null;
            pages++;
        } while (cursor != null && pages < 100);
        assertThat(seen).containsAll(ids).doesNotHaveDuplicates().doesNotContain(gewerbe);

        assertThat(api.get(LIST + "?limit=200", gewerbeClerk).json().findValuesAsString("id"))
                .as("the Gewerbe clerk sees the Gewerbe unit only").contains(gewerbe).doesNotContainAnyElementsOf(ids);
        assertThat(api.get("/api/v1/applications/" + ids.get(0), gewerbeClerk).status())
                .as("another unit's case").isEqualTo(404);
        assertThat(api.get(LIST + "?cursor=bm9wZQ", clara).status()).as("a forged cursor").isEqualTo(400);
        assertThat(api.get(LIST + "?dueBefore=2000-01-01&limit=200", clara).json().get("items")).isEmpty();
        assertThat(api.get(LIST + "?overdue=true&limit=200", clara).json().findValuesAsString("id")).doesNotContainAnyElementsOf(ids);
    }

    @Test
    void theCitizensExportHoldsEveryApplicationItsHistoryAndWhoAccessedIt() {
        String citizen = newCitizen();
        String id = submitted(citizen(citizen), HUNDESTEUER);
        api.get("/api/v1/applications/" + id, clara);

        Response export = api.get("/api/v1/applications/export", citizen(citizen));

        assertThat(export.status()).as(export.toString()).isEqualTo(200);
        assertThat(export.header("Content-Disposition")).contains("attachment");
        JsonNode body = export.json();
        assertThat(body.get("subject").asText()).isEqualTo(citizen);
        assertThat(body.get("applications")).hasSize(1);
        JsonNode item = body.get("applications").get(0);
        assertThat(item.get("application").get("id").asText()).isEqualTo(id);
        assertThat(item.get("application").get("formData").get("hund").get("name").asText()).isEqualTo("Bello");
        assertThat(item.get("statusHistory").findValuesAsString("status")).containsExactly("SUBMITTED");
        assertThat(item.get("accesses").findValuesAsString("actor")).containsExactly("clerk-clara");
        assertThat(item.get("accesses").findValuesAsString("purpose")).containsExactly("Fallbearbeitung");
        assertThat(api.get("/api/v1/applications/export", citizen(anna)).json().toString()).doesNotContain(id);
        assertThat(api.get("/api/v1/applications/export", clara).status()).isEqualTo(403);
    }
}
