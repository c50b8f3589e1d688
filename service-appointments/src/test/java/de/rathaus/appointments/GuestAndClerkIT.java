package de.rathaus.appointments;

import static org.assertj.core.api.Assertions.assertThat;

import de.rathaus.testsupport.ApiClient.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class GuestAndClerkIT extends AppointmentsApiTest {

    private static final String SYSTEM = tokens.token("service-account-rathaus-notifications", null, List.of("system"));

    private JsonNode guestSlots(String tenant, String serviceType) {
        LocalDate from = CLOCK.todayInBerlin();
        Response response = api.get("/api/v1/appointments/public/%s/slots?serviceType=%s&from=%s&to=%s"
                .formatted(tenant, serviceType, from, from.plusDays(30)), null);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("items");
    }

    /** The link service-notifications would mail: resolved through the internal endpoint with a system token. */
    private String manageToken(String guestContactId) {
        Response contact = api.get("/api/v1/appointments/internal/guest-contacts/" + guestContactId, SYSTEM);
        assertThat(contact.status()).as(contact.toString()).isEqualTo(200);
        String url = contact.json().get("manageUrl").asText();
        return url.substring(url.indexOf("token=") + 6);
    }

    private static String q(String token) {
        return URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    @Test
    void aGuestBooksThroughTheEmailLinkAndManagesTheAppointmentWithIt() {
        JsonNode slots = guestSlots("bochum", "personalausweis");
        String slotId = slots.get(30).get("id").asText();
        int before = booked(slotId);

        Response held = api.post("/api/v1/appointments/public/bochum/reservations", null,
                "{\"slotId\": \"%s\", \"email\": \"Gast@Example.org\", \"language\": \"en\"}".formatted(slotId));

        assertThat(held.status()).as(held.toString()).isEqualTo(202);
        String id = held.json().get("appointmentId").asText();
        JsonNode reserved = data(awaitEvent(id, "AppointmentReserved"));
        assertThat(reserved.has("citizenId")).as("no account").isFalse();
        String contactId = reserved.get("guestContactId").asText();
        assertThat(reserved.toString()).as("no personal data in events").doesNotContainIgnoringCase("example.org");

        JsonNode contact = api.get("/api/v1/appointments/internal/guest-contacts/" + contactId, SYSTEM).json();
        assertThat(contact.get("email").asText()).isEqualTo("Gast@Example.org");
        assertThat(contact.get("language").asText()).isEqualTo("en");
        assertThat(contact.get("manageUrl").asText()).startsWith("http://localhost:8080/termine/verwalten?token=");
        assertThat(api.get("/api/v1/appointments/internal/guest-contacts/" + contactId, citizen()).status())
                .as("system only").isEqualTo(403);
        assertThat(api.get("/api/v1/appointments/internal/guest-contacts/" + contactId, null).status()).isEqualTo(401);

        String token = manageToken(contactId);
        Response confirmed = api.post("/api/v1/appointments/public/manage/confirm?token=" + q(token), null, "");
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        assertThat(confirmed.json().get("status").asText()).isEqualTo("BOOKED");
        assertThat(confirmed.json().get("guest").asBoolean()).isTrue();
        awaitEvent(id, "AppointmentBooked");

        // the same e-mail address is one identity for the fairness limit
        Response again = api.post("/api/v1/appointments/public/bochum/reservations", null,
                "{\"slotId\": \"%s\", \"email\": \"gast@example.org\"}".formatted(slots.get(31).get("id").asText()));
        assertThat(again.status()).isEqualTo(409);

        String manage = manageToken(contactId);
        assertThat(api.get("/api/v1/appointments/public/manage/calendar.ics?token=" + q(manage), null).body()).contains("BEGIN:VEVENT");
        String newSlot = slots.get(32).get("id").asText();
        Response moved = api.post("/api/v1/appointments/public/manage/reschedule?token=" + q(manage), null,
                "{\"slotId\": \"%s\"}".formatted(newSlot));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(booked(slotId)).isEqualTo(before);

        Response cancelled = api.post("/api/v1/appointments/public/manage/cancel?token=" + q(manage), null, "");
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(data(awaitEvent(id, "AppointmentCancelled")).get("cancelledBy").asText()).isEqualTo("GUEST");
    }

    @Test
    void tamperedOrExpiredLinksAreRefusedAndChangeNothing() {
        String slotId = guestSlots("bochum", "meldebescheinigung").get(20).get("id").asText();
        Response held = api.post("/api/v1/appointments/public/bochum/reservations", null,
                "{\"slotId\": \"%s\", \"email\": \"tamper@example.org\"}".formatted(slotId));
        String id = held.json().get("appointmentId").asText();
        String contactId = jdbc.sql("select guest_contact_id::text from appointment where id = cast(:id as uuid)").param("id", id)
                .query(String.class).single();
        String token = manageToken(contactId);

        // another appointment id under the original signature
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        String forgedPayload = payload.replace(id, java.util.UUID.randomUUID().toString());
        String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(forgedPayload.getBytes(StandardCharsets.UTF_8)) + "." + parts[1];
        for (String bad : List.of(tampered, token + "x", "garbage", token.substring(0, token.length() - 4))) {
            Response refused = api.post("/api/v1/appointments/public/manage/cancel?token=" + q(bad), null, "");
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.isProblem()).isTrue();
            assertThat(refused.json().get("errors").get(0).get("field").asText()).isEqualTo("token");
        }
        // the hold runs out, and the links of the reservation with it
        CLOCK.set(OffsetDateTime.parse(held.json().get("holdUntil").asText()).toInstant());
        for (String expiredLink : List.of(token, manageToken(contactId))) {
            Response expired = api.post("/api/v1/appointments/public/manage/confirm?token=" + q(expiredLink), null, "");
            assertThat(expired.status()).isEqualTo(400);
            assertThat(expired.json().get("errors").get(0).get("message").asText()).contains("the link has expired");
        }

        assertThat(jdbc.sql("select status from appointment where id = cast(:id as uuid)").param("id", id).query(String.class).single())
                .isEqualTo("RESERVED");
        assertThat(api.post("/api/v1/appointments/public/nowhere/reservations", null,
                "{\"slotId\": \"%s\", \"email\": \"x@example.org\"}".formatted(slotId)).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/appointments/public/bochum/reservations", null,
                "{\"slotId\": \"%s\", \"email\": \"not-an-address\"}".formatted(slotId)).status()).isEqualTo(400);
    }

    @Test
    void clerksSeeTheDayCheckInCallTheNextAndRecordNoShows() {
        String clerk = tokens.clerk("clara", "bochum");
        List<JsonNode> slots = freeSlots(citizen(), "personalausweis", MITTE);
        List<JsonNode> today = slots.stream().filter(s -> day(s).equals(CLOCK.todayInBerlin())).toList();
        JsonNode soon = today.get(0);
        String token = citizen();
        String arriving = book(token, today.get(today.size() - 1).get("id").asText()).get("id").asText();
        String absent = book(citizen(), soon.get("id").asText()).get("id").asText();

        JsonNode day = api.get("/api/v1/appointments/offices/%s/day".formatted(MITTE), clerk).json();
        assertThat(day.findValuesAsString("id")).contains(arriving, absent);
        assertThat(api.get("/api/v1/appointments/offices/%s/day".formatted(MITTE), token).status()).as("citizens").isEqualTo(403);
        assertThat(api.get("/api/v1/appointments/offices/%s/day".formatted(MITTE), tokens.clerk("sara", "soest")).status())
                .as("another municipality").isEqualTo(404);

        String base = "/api/v1/appointments/offices/%s/".formatted(MITTE);
        assertThat(api.post(base + "appointments/%s/no-show".formatted(absent), clerk, "").status())
                .as("not begun yet").isEqualTo(409);
        assertThat(api.post(base + "call-next", clerk, "{\"counter\": 1}").status()).as("nobody waits").isEqualTo(204);
        Response checkedIn = api.post(base + "appointments/%s/check-in".formatted(arriving), clerk, "");
        assertThat(checkedIn.status()).as(checkedIn.toString()).isEqualTo(200);
        assertThat(checkedIn.json().get("status").asText()).isEqualTo("CHECKED_IN");
        awaitEvent(arriving, "AppointmentCheckedIn");

        assertThat(api.post(base + "call-next", clerk, "{\"counter\": 5}").status()).as("Mitte has four counters").isEqualTo(400);
        Response called = api.post(base + "call-next", clerk, "{\"counter\": 1}");
        assertThat(called.status()).isEqualTo(200);
        assertThat(called.json().get("id").asText()).isEqualTo(arriving);
        assertThat(called.json().get("counter").asInt()).isEqualTo(1);
        assertThat(api.post(base + "call-next", clerk, "{\"counter\": 1}").status()).isEqualTo(204);

        // the first appointment's start passes without its citizen
        CLOCK.set(startsAt(soon).plus(Duration.ofMinutes(1)));
        Response noShow = api.post(base + "appointments/%s/no-show".formatted(absent), clerk, "");
        assertThat(noShow.status()).as(noShow.toString()).isEqualTo(200);
        assertThat(noShow.json().get("status").asText()).isEqualTo("NO_SHOW");
        awaitEvent(absent, "AppointmentNoShow");
        assertThat(api.post(base + "appointments/%s/no-show".formatted(arriving), clerk, "").status())
                .as("a called citizen is no no-show").isEqualTo(409);

        JsonNode later = slots.stream().filter(s -> day(s).isAfter(CLOCK.todayInBerlin())).findFirst().orElseThrow();
        String planned = book(citizen(), later.get("id").asText()).get("id").asText();
        assertThat(api.post(base + "appointments/%s/check-in".formatted(planned), clerk, "").status())
                .as("not today").isEqualTo(409);
        int before = booked(later.get("id").asText());
        Response cancelled = api.post(base + "appointments/%s/cancel".formatted(planned), clerk, "");
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(booked(later.get("id").asText())).isEqualTo(before - 1);
        assertThat(data(awaitEvent(planned, "AppointmentCancelled")).get("cancelledBy").asText()).isEqualTo("OFFICE");
        assertThat(api.post("/api/v1/appointments/offices/%s/appointments/%s/cancel".formatted(WATTENSCHEID, planned), clerk, "").status())
                .as("another office's appointment").isEqualTo(404);
    }

    @Test
    void systemTokensWithoutTenantReachOnlySystemEndpoints() {
        assertThat(api.get("/api/v1/appointments/offices", SYSTEM).json()).isEmpty();
        assertThat(api.post("/api/v1/appointments/bookings", SYSTEM, "{\"slotId\": \"%s\"}".formatted(java.util.UUID.randomUUID())).status())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/appointments/offices", tokens.token("x", null, List.of("citizen"))).status())
                .as("without tenant and not system").isEqualTo(401);
        assertThat(Map.of()).isEmpty();
    }
}
