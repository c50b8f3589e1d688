package de.rathaus.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import de.rathaus.testsupport.ApiClient.Response;
import de.rathaus.testsupport.EventSender;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TemplatesIT extends NotificationsApiTest {

    private static final String TYPE = "de.rathaus.applications.ApplicationWithdrawn.v1";
    private static final String PATH = "/api/v1/notifications/templates/" + TYPE + "/de";

    @Test
    void adminsEditVersionedTemplatesThatAreValidatedPreviewedAndUsedForTheirMunicipalityOnly() {
        // a municipality of its own per run: the test database keeps earlier runs' template versions
        String tenant = "muni-" + UUID.randomUUID().toString().substring(0, 8);
        String other = "muni-" + UUID.randomUUID().toString().substring(0, 8);
        String admin = tokens.token("admin-1", tenant, List.of("admin"));
        assertThat(api.get(PATH, tokens.citizen("anna", tenant)).status()).isEqualTo(403);
        JsonNode shipped = api.get(PATH, admin).json();
        assertThat(shipped.get("source").asString()).isEqualTo("DEFAULT");

        Response broken = api.put(PATH, admin, """
                {"subject": "Zurückgezogen", "text": "Antrag ${applicationId"}""");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.isProblem()).isTrue();
        assertThat(broken.json().get("errors").get(0).get("field").asString()).isEqualTo("text");
        Response unknownField = api.put(PATH, admin, """
                {"subject": "Zurückgezogen", "text": "Antrag ${noSuchField}"}""");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.json().get("detail").asString()).contains("noSuchField");
        assertThat(api.put("/api/v1/notifications/templates/de.rathaus.nothing.Unknown.v1/de", admin, """
                {"subject": "x", "text": "y"}""").status()).isEqualTo(404);

        Response saved = api.put(PATH, admin, """
                {"subject": "Antrag zurückgezogen – Stadt Bochum", "text": "Sie haben den Antrag ${applicationId} zurückgezogen.",
                 "html": "<p>Zurückgezogen: <b>${applicationId}</b> ${serviceTypeKey}</p>"}""");
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        assertThat(saved.json().get("version").asInt()).isEqualTo(1);
        assertThat(api.put(PATH, admin, """
                {"subject": "Antrag zurückgezogen – Stadt Bochum", "text": "Sie haben den Antrag ${applicationId} zurückgezogen.",
                 "html": "<p>Zurückgezogen: <b>${applicationId}</b> ${serviceTypeKey}</p>"}""").json().get("version").asInt()).isEqualTo(2);
        assertThat(api.get(PATH + "/versions", admin).json().findValuesAsString("createdBy")).containsExactly("admin-1", "admin-1");
        assertThat(api.get(PATH, tokens.token("admin-2", other, List.of("admin"))).json().get("source").asString())
                .as("another municipality keeps the shipped template").isEqualTo("DEFAULT");

        Response preview = api.post(PATH + "/preview", admin, """
                {"data": {"applicationId": "A-1", "serviceTypeKey": "<script>alert(1)</script>"}}""");
        assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
        assertThat(preview.json().get("text").asString()).isEqualTo("Sie haben den Antrag A-1 zurückgezogen.");
        assertThat(preview.json().get("html").asString()).contains("<b>A-1</b>").contains("&lt;script&gt;").doesNotContain("<script>");

        String citizen = "erik-" + UUID.randomUUID();
        String applicationId = UUID.randomUUID().toString();
        try (EventSender sender = new EventSender(brokers)) {
            for (String municipality : List.of(tenant, other)) {
                sender.send("rathaus.applications.v1", EventSender.event(TYPE, applicationId, municipality, """
                        {"applicationId": "%s", "citizenId": "%s", "serviceTypeKey": "meldebescheinigung"}""".formatted(applicationId, citizen)));
            }
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(api.get("/api/v1/notifications/inbox", tokens.citizen(citizen, tenant)).json().findValuesAsString("title"))
                    .containsExactly("Antrag zurückgezogen – Stadt Bochum");
            assertThat(api.get("/api/v1/notifications/inbox", tokens.citizen(citizen, other)).json().findValuesAsString("title"))
                    .containsExactly("Antrag zurückgezogen");
        });
    }
}
