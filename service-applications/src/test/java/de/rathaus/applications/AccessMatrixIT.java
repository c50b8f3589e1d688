package de.rathaus.applications;

import static org.assertj.core.api.Assertions.assertThat;

import de.rathaus.testsupport.ApiClient.Response;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who may do what to Anna's application (bochum, Bürgerbüro): each caller and route gets 403 (wrong role) or
 * 404 (right role, not theirs: existence is never revealed), and a write that is refused changes nothing.
 */
class AccessMatrixIT extends ApplicationsTestBase {

    static String annaSubject = newCitizen();
    static String id;

    enum Caller {
        CITIZEN_B(t -> t.citizen(newCitizen(), "bochum")),
        CITIZEN_OTHER_TENANT(t -> t.citizen(annaSubject, "soest")),
        CLERK_OTHER_TENANT(t -> t.clerk("clerk-sven", "soest")),
        CLERK_OTHER_UNIT(t -> t.tokenWith("clerk-gerd", "bochum", List.of("clerk"), Map.of("org_unit", "gewerbe"))),
        CITIZEN_A(t -> t.citizen(annaSubject, "bochum")),
        SYSTEM_CLIENT(t -> t.token("service-account-finance-system", "bochum", List.of("system"))),
        ADMIN_OTHER_TENANT(t -> t.token("admin-soest", "soest", List.of("admin")));

        final Function<de.rathaus.testsupport.TestTokens, String> token;

        Caller(Function<de.rathaus.testsupport.TestTokens, String> token) {
            this.token = token;
        }
    }

    static final String APP = "/api/v1/applications/{id}";
    static final String BO = "/api/v1/applications/backoffice/applications";

    static Stream<Arguments> matrix() {
        return Stream.of(
                // citizen routes on Anna's application
                Arguments.of(Caller.CITIZEN_B, "GET", APP, null, 404),
                Arguments.of(Caller.CITIZEN_B, "GET", APP + "/history", null, 404),
                Arguments.of(Caller.CITIZEN_B, "GET", APP + "/timeline", null, 404),
                Arguments.of(Caller.CITIZEN_B, "GET", APP + "/documents", null, 404),
                Arguments.of(Caller.CITIZEN_B, "POST", APP + "/withdrawal", "{}", 404),
                Arguments.of(Caller.CITIZEN_B, "POST", APP + "/information-response", "{\"answer\": \"x\"}", 404),
                Arguments.of(Caller.CITIZEN_B, "PUT", APP, "{\"formData\": {}}", 404),
                Arguments.of(Caller.CITIZEN_OTHER_TENANT, "GET", APP, null, 404),
                Arguments.of(Caller.CITIZEN_OTHER_TENANT, "POST", APP + "/withdrawal", "{}", 404),
                Arguments.of(Caller.CLERK_OTHER_TENANT, "GET", APP, null, 404),
                Arguments.of(Caller.CLERK_OTHER_TENANT, "GET", APP + "/documents", null, 404),
                Arguments.of(Caller.CLERK_OTHER_TENANT, "PUT", BO + "/{id}/status", "{\"status\": \"IN_REVIEW\"}", 404),
                Arguments.of(Caller.CLERK_OTHER_TENANT, "PUT", BO + "/{id}/assignment", "{}", 404),
                Arguments.of(Caller.CLERK_OTHER_TENANT, "POST", BO + "/{id}/decision", "{\"decision\": \"APPROVED\", \"reason\": \"x\"}", 404),
                Arguments.of(Caller.CLERK_OTHER_TENANT, "GET", BO + "/{id}/notes", null, 404),
                Arguments.of(Caller.CLERK_OTHER_UNIT, "GET", APP, null, 404),
                Arguments.of(Caller.CLERK_OTHER_UNIT, "PUT", BO + "/{id}/assignment", "{}", 404),
                Arguments.of(Caller.ADMIN_OTHER_TENANT, "GET", APP, null, 404),
                // a clerk cannot act as the citizen
                Arguments.of(Caller.CLERK_OTHER_UNIT, "POST", APP + "/withdrawal", "{}", 403),
                Arguments.of(Caller.CLERK_OTHER_UNIT, "POST", "/api/v1/applications", "{\"serviceType\": \"meldebescheinigung\"}", 403),
                // citizen on clerk and admin routes
                Arguments.of(Caller.CITIZEN_A, "GET", BO, null, 403),
                Arguments.of(Caller.CITIZEN_A, "PUT", BO + "/{id}/status", "{\"status\": \"IN_REVIEW\"}", 403),
                Arguments.of(Caller.CITIZEN_A, "PUT", BO + "/{id}/assignment", "{}", 403),
                Arguments.of(Caller.CITIZEN_A, "POST", BO + "/{id}/decision", "{\"decision\": \"APPROVED\", \"reason\": \"x\"}", 403),
                Arguments.of(Caller.CITIZEN_A, "GET", BO + "/{id}/notes", null, 403),
                Arguments.of(Caller.CITIZEN_A, "GET", "/api/v1/applications/admin/audit", null, 403),
                Arguments.of(Caller.CITIZEN_A, "GET", "/api/v1/applications/admin/service-types", null, 403),
                Arguments.of(Caller.CITIZEN_A, "POST", "/api/v1/applications/admin/service-types", "{}", 403),
                // the system client on citizen (and clerk) routes
                Arguments.of(Caller.SYSTEM_CLIENT, "GET", "/api/v1/applications", null, 403),
                Arguments.of(Caller.SYSTEM_CLIENT, "POST", "/api/v1/applications", "{\"serviceType\": \"meldebescheinigung\"}", 403),
                Arguments.of(Caller.SYSTEM_CLIENT, "GET", APP, null, 403),
                Arguments.of(Caller.SYSTEM_CLIENT, "GET", "/api/v1/applications/export", null, 403),
                Arguments.of(Caller.SYSTEM_CLIENT, "GET", BO, null, 403),
                Arguments.of(Caller.SYSTEM_CLIENT, "GET", "/api/v1/applications/admin/audit", null, 403));
    }

    @BeforeEach
    void annasApplication() {
        if (id == null) {
            id = submitted(tokens.citizen(annaSubject, "bochum"), MELDEBESCHEINIGUNG);
        }
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {4}")
    @MethodSource("matrix")
    void accessIsRefusedAsDesigned(Caller caller, String method, String route, String body, int expected) {
        String path = route.replace("{id}", id);
        Response response = write(method, path, caller.token.apply(tokens), body, "W/\"0\"");

        assertThat(response.status()).as(response.toString()).isEqualTo(expected);
        assertThat(response.isProblem()).isTrue();
        Response own = api.get("/api/v1/applications/" + id, tokens.citizen(annaSubject, "bochum"));
        assertThat(own.json().get("status").asText()).as("nothing changed").isEqualTo("AWAITING_PAYMENT");
        assertThat(own.header("ETag")).isEqualTo("W/\"0\"");
    }

    @Test
    void aRequestTheFirewallRefusesGetsA400Problem() {
        // a path parameter (";") is one of the things Spring Security's strict firewall refuses
        Response response = api.get("/api/v1/applications/" + id + ";v=1", tokens.citizen(annaSubject, "bochum"));

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.isProblem()).as(response.toString()).isTrue();
        assertThat(response.json().get("detail").asText()).contains("refused");
    }
}
