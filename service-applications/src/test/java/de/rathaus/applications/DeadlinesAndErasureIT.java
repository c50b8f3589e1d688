package de.rathaus.applications;

import static org.assertj.core.api.Assertions.assertThat;

import de.rathaus.applications.application.JobsForTests;
import de.rathaus.testsupport.ApiClient.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The scheduled jobs, run directly: overdue detection, deemed approval, erasure after retention. */
class DeadlinesAndErasureIT extends ApplicationsTestBase {

    @Autowired
    JobsForTests jobs;
    final String anna = newCitizen();
    final String clara = clerk("clerk-clara", "bochum", null);

    /** Moves the case's deadline (and deemed-approval date, if it has one) into the past of the test clock. */
    void dueDaysAgo(String id, int days) {
        LocalDate due = CLOCK.todayInBerlin().minusDays(days);
        jdbc.sql("update application set due_date = :due, deemed_approval_date = case when deemed_approval_date is null"
                        + " then null else cast(:deemed as date) end where id = cast(:id as uuid)")
                .param("due", Date.valueOf(due)).param("deemed", Date.valueOf(due.plusDays(1))).param("id", id).update();
    }

    @Test
    void anOverdueCaseIsFlaggedOnceWithOneEvent() {
        String id = inReview(citizen(anna), clerk("clerk-clara", "bochum", "steueramt"));
        dueDaysAgo(id, 2);

        jobs.deadlines();
        jobs.deadlines();

        assertThat(outboxTypes(id).stream().filter(t -> t.endsWith("ApplicationOverdue.v1"))).hasSize(1);
        JsonNode event = data(awaitEvent(id, "ApplicationOverdue.v1"));
        assertThat(event.get("orgUnit").asText()).isEqualTo("steueramt");
        assertThat(event.get("dueDate").asText()).isNotBlank();
        assertThat(api.get("/api/v1/applications/" + id, clara).json().get("overdue").asBoolean()).isTrue();
        assertThat(api.get("/api/v1/applications/backoffice/applications?overdue=true&limit=200", clara).json()
                .findValuesAsString("id")).contains(id);
    }

    @Test
    void aSuspendedCaseIsNotOverdue() {
        String tina = clerk("clerk-clara", "bochum", "steueramt");
        String id = inReview(citizen(anna), tina);
        write("PUT", "/api/v1/applications/backoffice/applications/" + id + "/suspension", tina, "{\"reason\": \"Klärung\"}", etag(id, tina));
        dueDaysAgo(id, 2);

        jobs.deadlines();

        assertThat(outboxTypes(id)).noneMatch(t -> t.endsWith("ApplicationOverdue.v1"));
    }

    @Test
    void aCaseUndecidedPastItsDeadlineIsDeemedApprovedWhereTheCatalogSaysSo() {
        String id = submitted(citizen(anna), SONDERNUTZUNG);
        LocalDate today = CLOCK.todayInBerlin();
        jdbc.sql("update application set status = 'SUBMITTED', due_date = :due, deemed_approval_date = :today"
                        + " where id = cast(:id as uuid)")
                .param("due", Date.valueOf(today.minusDays(1))).param("today", Date.valueOf(today)).param("id", id).update();

        jobs.deadlines();

        Response approved = api.get("/api/v1/applications/" + id, citizen(anna));
        assertThat(approved.json().get("status").asText()).isEqualTo("APPROVED");
        assertThat(approved.json().get("decisionReason").asText()).contains("42a");
        JsonNode decided = data(awaitEvent(id, "ApplicationDecided.v1"));
        assertThat(decided.get("deemedApproval").asBoolean()).isTrue();
        assertThat(outboxTypes(id)).noneMatch(t -> t.endsWith("ApplicationOverdue.v1"));
    }

    @Test
    void closedCasesLoseTheirPersonalDataAfterRetention() throws Exception {
        String id = submitted(citizen(anna), SONDERNUTZUNG);
        Response stored = upload(citizen(anna), id, "lageplan", "plan.pdf", "application/pdf", PDF);
        assertThat(stored.status()).isEqualTo(201);
        String key = jdbc.sql("select storage_key from application_document where application_id = cast(:id as uuid)")
                .param("id", id).query(String.class).single();
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "rathaus-documents-test").resolve(key);
        assertThat(file).exists();
        write("POST", "/api/v1/applications/" + id + "/withdrawal", citizen(anna), null, null);

        jobs.erasure();
        assertThat(api.get("/api/v1/applications/" + id, citizen(anna)).json().get("formData").isEmpty())
                .as("retention (1095 days) not over yet").isFalse();

        jdbc.sql("update application set closed_at = closed_at - interval '1096 days' where id = cast(:id as uuid)")
                .param("id", id).update();
        jobs.erasure();
        jobs.erasure();

        assertThat(api.get("/api/v1/applications/" + id, citizen(anna)).status()).as("no longer linked to the citizen").isEqualTo(404);
        JsonNode erased = api.get("/api/v1/applications/" + id, clara).json();
        assertThat(erased.get("formData").isEmpty()).isTrue();
        assertThat(erased.get("status").asText()).isEqualTo("WITHDRAWN");
        assertThat(jdbc.sql("select count(*) from application_document where application_id = cast(:id as uuid)")
                .param("id", id).query(Long.class).single()).isZero();
        assertThat(Files.exists(file)).isFalse();
        assertThat(outboxTypes(id).stream().filter(t -> t.endsWith("ApplicationErased.v1"))).hasSize(1);
        assertThat(data(awaitEvent(id, "ApplicationErased.v1")).get("citizenId").asText()).isEqualTo(anna);
    }
}
