package de.rathaus.applications;

import static org.assertj.core.api.Assertions.assertThat;

import de.rathaus.testsupport.ApiClient.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The versioned catalog, JSON Schema form validation, computed fees and drafts. */
class CatalogAndFormsIT extends ApplicationsTestBase {

    final String anna = newCitizen();

    @Test
    void catalogListsTheCurrentVersionOfEachServiceOfTheTenant() {
        JsonNode bochum = api.get("/api/v1/applications/service-types", citizen(anna)).json();
        assertThat(bochum.findValuesAsString("key")).contains("anwohnerparkausweis", "meldebescheinigung",
                "hundesteuer-anmeldung", "gewerbeanmeldung", "sondernutzungserlaubnis");
        JsonNode parken = find(bochum, "anwohnerparkausweis");
        assertThat(parken.get("feeAmountCents").asLong()).isEqualTo(3060);
        assertThat(parken.get("leikaKey").asText()).matches("\\d{14}");
        assertThat(parken.get("nameEn").asText()).isEqualTo("Resident parking permit");
        assertThat(parken.get("formSchema").get("required").toString()).contains("kennzeichen");
        assertThat(parken.get("requiredDocuments").toString()).contains("fahrzeugschein");
        assertThat(find(bochum, "sondernutzungserlaubnis").get("deemedApproval").asBoolean()).isTrue();
        JsonNode soest = api.get("/api/v1/applications/service-types", tokens.citizen(anna, "soest")).json();
        assertThat(find(soest, "meldebescheinigung").get("feeAmountCents").asLong()).isEqualTo(800);
        assertThat(soest.findValuesAsString("key")).doesNotContain("sondernutzungserlaubnis");
    }

    @Test
    void invalidFormDataIsA400ListingEveryFieldByJsonPointer() {
        Response response = submit(citizen(anna), """
                {"serviceType": "anwohnerparkausweis", "formData": {"kennzeichen": "bo ab 123", "fahrzeughalter": "NACHBAR",
                 "gueltigAb": "morgen"}}""");

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.isProblem()).isTrue();
        assertThat(response.json().findValuesAsString("pointer")).containsExactlyInAnyOrder(
                "/formData/bewohnerparkzone", "/formData/fahrzeughalter", "/formData/gueltigAb", "/formData/kennzeichen");
        response.json().get("errors").forEach(error -> {
            assertThat(error.get("message").asText()).isNotBlank().doesNotContain("/formData");
            assertThat(error.get("field").asText()).startsWith("formData.");
        });
        assertThat(response.json().get("detail").asText()).isEqualTo("Invalid form: 4 fields are invalid.");
        assertThat(jdbc.sql("select count(*) from application where citizen_id = :c").param("c", anna).query(Long.class).single())
                .as("nothing half-created").isZero();
    }

    @Test
    void nestedFieldsAreNamedByTheirFullPointer() {
        Response response = submit(citizen(anna), """
                {"serviceType": "hundesteuer-anmeldung", "formData": {"hund": {"name": "Bello", "geburtsdatum": "2024-02-30"},
                 "haltungSeit": "2025-01-01"}}""");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().findValuesAsString("pointer")).containsExactlyInAnyOrder("/formData/hund/geburtsdatum",
                "/formData/hund/rasse");
    }

    @Test
    void sondernutzungFeeIsAreaTimesDaysAndTheDeemedApprovalDateIsSet() {
        Response created = submit(citizen(anna), SONDERNUTZUNG);

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("feeAmountCents").asLong()).as("12.5 m² × 20 days × 0.50 EUR").isEqualTo(12500);
        assertThat(created.json().get("status").asText()).isEqualTo("AWAITING_PAYMENT");
        assertThat(created.json().hasNonNull("dueDate")).as("the clock starts with the payment").isFalse();

        Response small = submit(citizen(anna), SONDERNUTZUNG.replace("12.5", "1").replace("\"tage\": 20", "\"tage\": 2"));
        assertThat(small.json().get("feeAmountCents").asLong()).as("minimum fee").isEqualTo(2500);
    }

    @Test
    void draftsAreUnvalidatedUntilSubmittedAndSubmittingIsAtomic() {
        String token = citizen(anna);
        Response draft = submit(token, "{\"serviceType\": \"gewerbeanmeldung\", \"draft\": true, \"formData\": {\"rechtsform\": \"GMBH\"}}");
        assertThat(draft.status()).as(draft.toString()).isEqualTo(201);
        assertThat(draft.json().get("status").asText()).isEqualTo("DRAFT");
        String id = draft.json().get("id").asText();
        assertThat(api.get("/api/v1/applications/" + id, clerk("clerk-clara", "bochum", null)).status())
                .as("a draft is the citizen's alone").isEqualTo(404);

        Response incomplete = write("POST", "/api/v1/applications/" + id + "/submission", token, null, null);
        assertThat(incomplete.status()).isEqualTo(400);
        assertThat(api.get("/api/v1/applications/" + id, token).json().get("status").asText()).isEqualTo("DRAFT");
        assertThat(outboxTypes(id)).isEmpty();

        String form = GEWERBE.substring(GEWERBE.indexOf("\"formData\": ") + 12, GEWERBE.length() - 1);
        Response stale = write("PUT", "/api/v1/applications/" + id, token, "{\"formData\": " + form + "}", "W/\"5\"");
        assertThat(stale.status()).isEqualTo(412);
        Response updated = write("PUT", "/api/v1/applications/" + id, token, "{\"formData\": " + form + "}", draft.header("ETag"));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);

        Response submitted = write("POST", "/api/v1/applications/" + id + "/submission", token, null, updated.header("ETag"));
        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(200);
        assertThat(submitted.json().get("status").asText()).as("Gewerbe: fee due, processing does not wait").isEqualTo("SUBMITTED");
        assertThat(submitted.json().get("feeAmountCents").asLong()).isEqualTo(2600);
        assertThat(submitted.json().get("dueDate").asText()).isNotBlank();
        assertThat(outboxTypes(id)).containsExactlyInAnyOrder("de.rathaus.applications.ApplicationSubmitted.v1",
                "de.rathaus.applications.FeeDue.v1");
        assertThat(write("PUT", "/api/v1/applications/" + id, token, "{\"formData\": {}}", null).status())
                .as("a submitted application is no draft").isEqualTo(409);
    }

    @Test
    void anAdminPublishesANewVersionAndFiledApplicationsKeepTheirs() {
        String admin = admin("teststadt");
        String citizen = tokens.citizen(anna, "teststadt");
        String definition = """
                {"key": "fundsache-meldung", "leikaKey": "99036001000000", "nameDe": "Verlustmeldung Fundsache",
                 "nameEn": "Report of a lost item", "processingDays": %d, "orgUnit": "fundbuero", "retentionDays": 180,
                 "deemedApproval": false, "appointmentRequired": false, "requiredDocuments": [],
                 "feeRule": {"type": "FIXED", "amountCents": 0},
                 "formSchema": {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                   "required": ["gegenstand"], "properties": {"gegenstand": {"type": "string", "minLength": 2}}}}""";
        assertThat(api.post("/api/v1/applications/admin/service-types", clerk("clerk-tim", "teststadt", null),
                definition.formatted(7)).status()).isEqualTo(403);
        Response broken = api.post("/api/v1/applications/admin/service-types", admin,
                definition.formatted(7).replace("\"type\": \"object\",\n", "\"type\": 42,\n"));
        assertThat(broken.status()).as("not a JSON Schema: " + broken).isEqualTo(400);

        Response first = api.post("/api/v1/applications/admin/service-types", admin, definition.formatted(7));
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        int version = first.json().get("version").asInt();
        String before = submitted(citizen, "{\"serviceType\": \"fundsache-meldung\", \"formData\": {\"gegenstand\": \"Schirm\"}}");

        Response second = api.post("/api/v1/applications/admin/service-types", admin, definition.formatted(14));
        assertThat(second.json().get("version").asInt()).isEqualTo(version + 1);
        String after = submitted(citizen, "{\"serviceType\": \"fundsache-meldung\", \"formData\": {\"gegenstand\": \"Tasche\"}}");

        assertThat(api.get("/api/v1/applications/" + before, citizen).json().get("serviceTypeVersion").asInt()).isEqualTo(version);
        assertThat(api.get("/api/v1/applications/" + after, citizen).json().get("serviceTypeVersion").asInt()).isEqualTo(version + 1);
        assertThat(find(api.get("/api/v1/applications/service-types", citizen).json(), "fundsache-meldung")
                .get("version").asInt()).as("the catalog shows the current version only").isEqualTo(version + 1);
        assertThat(api.get("/api/v1/applications/admin/service-types", admin).json().findValuesAsString("key")
                .stream().filter("fundsache-meldung"::equals).count()).isEqualTo(version + 1);
        assertThat(api.get("/api/v1/applications/service-types", citizen(anna)).json().findValuesAsString("key"))
                .as("tenants never see each other's catalog").doesNotContain("fundsache-meldung");
    }

    private static JsonNode find(JsonNode catalog, String key) {
        for (JsonNode type : catalog) {
            if (key.equals(type.get("key").asText())) {
                return type;
            }
        }
        throw new AssertionError("no " + key + " in " + catalog);
    }
}
