package de.rathaus.appointments;

import static org.assertj.core.api.Assertions.assertThat;

import de.rathaus.testsupport.ApiClient.Response;
import io.cloudevents.CloudEvent;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AppointmentsIT extends AppointmentsApiTest {

    @Test
    void officesDescribeLocationRulesAndServicesPerTenant() {
        JsonNode bochum = api.get("/api/v1/appointments/offices", tokens.citizen("anna", "bochum")).json();
        assertThat(bochum.findValuesAsString("name")).containsExactly("Bürgerbüro Bochum-Mitte", "Bürgerbüro Wattenscheid");
        JsonNode mitte = bochum.get(0);
        assertThat(mitte.get("latitude").asDouble()).isBetween(51.0, 52.0);
        assertThat(mitte.get("stepFree").asBoolean()).isTrue();
        assertThat(mitte.get("accessibility").asText()).contains("lift");
        assertThat(mitte.get("federalState").asText()).isEqualTo("nw");
        assertThat(mitte.get("counters").asInt()).isEqualTo(4);
        assertThat(mitte.get("bookingWindow").get("releaseTime").asText()).isEqualTo("07:00");
        assertThat(mitte.get("openingHours")).hasSize(6);
        assertThat(mitte.get("services").findValuesAsString("key")).contains("personalausweis", "reisepass");
        assertThat(bochum.get(1).get("waitlistMode").asText()).isEqualTo("LOTTERY");
        JsonNode soest = api.get("/api/v1/appointments/offices", tokens.citizen("sophie", "soest")).json();
        assertThat(soest.findValuesAsString("name")).containsExactly("Bürgerbüro Soest");

        List<JsonNode> slots = freeSlots(tokens.citizen("anna", "bochum"), "personalausweis", null);
        assertThat(slots).isNotEmpty();
        assertThat(slots).allSatisfy(s -> assertThat(s.get("officeId").asText()).startsWith("0b0c"));
        assertThat(freeSlots(tokens.citizen("anna", "bochum"), "gewerbeanmeldung", null)).as("only Soest offers it").isEmpty();
    }

    @Test
    void noSlotsOnPublicHolidaysAndClosures() {
        // 25 and 26 December are public holidays in every federal state
        LocalDate christmas = LocalDate.of(CLOCK.todayInBerlin().getYear(), 12, 25);
        assertThat(jdbc.sql("select count(*) from public_holiday where federal_state = 'nw' and day = :day").param("day", christmas)
                .query(Integer.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("""
                select count(*) from slot s where (s.starts_at at time zone 'Europe/Berlin')::date in (select day from public_holiday)
                """).query(Integer.class).single()).isZero();

        List<JsonNode> slots = freeSlots(tokens.citizen("sven", "soest"), "personalausweis", SOEST);
        LocalDate closed = LocalDate.parse(slots.get(slots.size() - 1).get("startsAt").asText().substring(0, 10));
        jdbc.sql("insert into office_closure (office_id, day, reason) values (cast(:id as uuid), :day, 'Betriebsausflug')")
                .param("id", SOEST).param("day", closed).update();
        try {
            assertThat(freeSlots(tokens.citizen("sven", "soest"), "personalausweis", SOEST)).noneSatisfy(s ->
                    assertThat(s.get("startsAt").asText()).startsWith(closed.toString()));
            Response refused = reserve(tokens.citizen("sven", "soest"), slots.get(slots.size() - 1).get("id").asText());
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().get("detail").asText() + refused.body()).contains("closed");
        } finally {
            jdbc.sql("delete from office_closure where office_id = cast(:id as uuid)").param("id", SOEST).update();
        }
    }

    @Test
    void searchIsPaginatedAndCoversSeveralOffices() {
        String token = citizen();
        LocalDate from = CLOCK.todayInBerlin();
        String path = "/api/v1/appointments/slots?serviceType=personalausweis&from=%s&to=%s&officeId=%s&officeId=%s&size=5"
                .formatted(from, from.plusDays(20), MITTE, WATTENSCHEID);
        JsonNode first = api.get(path, token).json();
        JsonNode second = api.get(path + "&page=1", token).json();
        assertThat(first.get("items")).hasSize(5);
        assertThat(first.get("hasMore").asBoolean()).isTrue();
        assertThat(second.get("page").asInt()).isEqualTo(1);
        assertThat(second.get("items").get(0).get("startsAt").asText().compareTo(first.get("items").get(4).get("startsAt").asText()))
                .isGreaterThanOrEqualTo(0);
        JsonNode byCursor = api.get(path + "&after=" + first.get("nextCursor").asText(), token).json();
        assertThat(byCursor.get("items")).as("the cursor continues where the page ended").isEqualTo(second.get("items"));
        assertThat(api.get(path + "&after=nonsense", token).status()).isEqualTo(400);
        assertThat(freeSlots(token, "personalausweis", null).stream().map(s -> s.get("officeId").asText()).distinct())
                .containsExactlyInAnyOrder(MITTE, WATTENSCHEID);
    }

    @Test
    void aCitizenReservesConfirmsAndTheEventsArePublished() {
        String token = citizen();
        JsonNode slot = freeSlots(token, "meldebescheinigung", null).get(0);
        String slotId = slot.get("id").asText();
        int before = booked(slotId);
        UUID applicationId = UUID.randomUUID();

        Response reserved = api.post("/api/v1/appointments/bookings", token,
                "{\"slotId\": \"%s\", \"applicationId\": \"%s\"}".formatted(slotId, applicationId));

        assertThat(reserved.status()).as(reserved.toString()).isEqualTo(201);
        assertThat(reserved.json().get("status").asText()).isEqualTo("RESERVED");
        assertThat(reserved.json().get("holdUntil").isNull()).isFalse();
        assertThat(booked(slotId)).as("a hold takes the place").isEqualTo(before + 1);
        String id = reserved.json().get("id").asText();
        assertThat(reserved.json().get("startsAt").asText()).isEqualTo(slot.get("startsAt").asText());

        Response confirmed = api.post("/api/v1/appointments/bookings/%s/confirm".formatted(id), token, "");
        assertThat(confirmed.status()).isEqualTo(200);
        assertThat(confirmed.json().get("status").asText()).isEqualTo("BOOKED");
        assertThat(api.get("/api/v1/appointments/bookings", token).json().findValuesAsString("id")).containsExactly(id);
        assertThat(api.get("/api/v1/appointments/bookings/" + id, citizen()).status()).as("not yours").isEqualTo(404);
        assertThat(api.post("/api/v1/appointments/bookings/%s/confirm".formatted(id), citizen(), "").status()).isEqualTo(404);

        CloudEvent reservedEvent = awaitEvent(id, "AppointmentReserved");
        assertThat(data(reservedEvent).get("holdUntil").asText()).isNotBlank();
        CloudEvent booked = awaitEvent(id, "AppointmentBooked");
        JsonNode payload = data(booked);
        assertThat(payload.get("appointmentId").asText()).isEqualTo(id);
        assertThat(payload.get("applicationId").asText()).isEqualTo(applicationId.toString());
        assertThat(payload.get("officeName").asText()).isEqualTo("Bürgerbüro Bochum-Mitte");
        assertThat(payload.get("officeAddress").asText()).contains("44787 Bochum");
        assertThat(payload.get("serviceKey").asText()).isEqualTo("meldebescheinigung");
        assertThat(payload.get("start").asText()).matches(".*\\+0[12]:00");
        assertThat(payload.has("guestContactId")).isFalse();
        assertThat(booked.getExtension("tenant")).isEqualTo("bochum");
    }

    @Test
    void aSlotIsNeverBookedBeyondItsCapacityUnderConcurrency() throws Exception {
        List<JsonNode> slots = freeSlots(citizen(), "personalausweis", WATTENSCHEID);
        int rounds = 15;
        int contenders = 12;
        ExecutorService pool = Executors.newFixedThreadPool(contenders);
        try {
            for (int round = 0; round < rounds; round++) {
                String slotId = slots.get(round).get("id").asText();
                int capacity = slots.get(round).get("freeCapacity").asInt();
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> results = new ArrayList<>();
                for (int i = 0; i < contenders; i++) {
                    String token = citizen();
                    results.add(pool.submit(() -> {
                        start.await();
                        return reserve(token, slotId).status();
                    }));
                }
                start.countDown();
                int created = 0;
                int conflicts = 0;
                for (Future<Integer> result : results) {
                    int status = result.get();
                    created += status == 201 ? 1 : 0;
                    conflicts += status == 409 ? 1 : 0;
                }
                assertThat(created).as("round %d", round).isEqualTo(capacity);
                assertThat(conflicts).isEqualTo(contenders - capacity);
                assertThat(booked(slotId)).isEqualTo(jdbc.sql("select capacity from slot where id = cast(:id as uuid)")
                        .param("id", slotId).query(Integer.class).single());
                assertThat(jdbc.sql("select count(*) from appointment where slot_id = cast(:id as uuid) and status = 'RESERVED'")
                        .param("id", slotId).query(Integer.class).single()).isEqualTo(booked(slotId));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theDatabaseRefusesOverbookingEvenWithoutTheApplication() {
        String slotId = freeSlots(citizen(), "personalausweis", WATTENSCHEID).get(0).get("id").asText();
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        jdbc.sql("update slot set booked = capacity + 1 where id = cast(:id as uuid)").param("id", slotId).update())
                .hasMessageContaining("slot_not_overbooked");
    }

    @Test
    void badRequestsAreExplained() {
        String token = tokens.citizen("anna", "bochum");
        Response unknownSlot = reserve(token, UUID.randomUUID().toString());
        assertThat(unknownSlot.status()).isEqualTo(404);
        assertThat(unknownSlot.isProblem()).isTrue();

        String soestSlot = freeSlots(tokens.citizen("sophie", "soest"), "personalausweis", null).get(0).get("id").asText();
        assertThat(reserve(token, soestSlot).status()).as("another municipality's slot").isEqualTo(404);

        LocalDate today = CLOCK.todayInBerlin();
        Response backwards = api.get("/api/v1/appointments/slots?serviceType=personalausweis&from=%s&to=%s"
                .formatted(today, today.minusDays(1)), token);
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.json().get("errors").get(0).get("field").asText()).isEqualTo("to");

        Response badDate = api.get("/api/v1/appointments/slots?serviceType=personalausweis&from=tomorrow&to=" + today, token);
        assertThat(badDate.status()).isEqualTo(400);
        assertThat(badDate.isProblem()).isTrue();

        assertThat(api.post("/api/v1/appointments/bookings", tokens.clerk("clara", "bochum"),
                "{\"slotId\": \"%s\"}".formatted(soestSlot)).status()).as("clerks do not book for themselves").isEqualTo(403);
    }

    /** A slot row of 15 minutes with three places, as slot generation or changed office rules may leave behind. */
    private String insertSlot(String officeId, String serviceType, Instant start) {
        return jdbc.sql("""
                insert into slot (id, office_id, service_type, starts_at, ends_at, capacity)
                values (gen_random_uuid(), cast(:office as uuid), :service, cast(:start as timestamptz), cast(:start as timestamptz) + interval '15 minutes', 3)
                returning id
                """).param("office", officeId).param("service", serviceType).param("start", Timestamp.from(start))
                .query(String.class).single();
    }

    @Test
    void slotsInThePastOrOutsideTheWindowOrForAServiceNoLongerOfferedAreRefusedAndNothingChanges() {
        String token = citizen();
        // a past slot (an office's slot rows stay after their time)
        String past = insertSlot(MITTE, "personalausweis", CLOCK.berlin(-3, LocalTime.of(10, 0)));
        Response inThePast = reserve(token, past);
        assertThat(inThePast.status()).isEqualTo(400);
        assertThat(inThePast.body()).contains("past");

        // outside the opening hours: a slot row at 03:00 (e.g. left over from changed opening hours)
        String night = insertSlot(MITTE, "personalausweis", CLOCK.berlin(3, LocalTime.of(3, 0)));
        Response atNight = reserve(token, night);
        assertThat(atNight.status()).isEqualTo(400);
        assertThat(atNight.body()).contains("closed");

        // a service the office does not offer (any more)
        String notOffered = insertSlot(MITTE, "fischereischein", CLOCK.berlin(1, LocalTime.of(10, 0)));
        Response notOfferedAnswer = reserve(token, notOffered);
        assertThat(notOfferedAnswer.status()).isEqualTo(400);
        assertThat(notOfferedAnswer.body()).contains("no longer offers");

        // beyond the released booking window
        String tooLate = jdbc.sql("""
                insert into slot (id, office_id, service_type, starts_at, ends_at, capacity)
                select gen_random_uuid(), office_id, service_type, starts_at + interval '7 days', ends_at + interval '7 days', capacity
                from slot where office_id = cast(:office as uuid) and service_type = 'personalausweis'
                order by starts_at desc limit 1
                returning id
                """).param("office", MITTE).query(String.class).single();
        Response notReleased = reserve(token, tooLate);
        assertThat(notReleased.status()).isEqualTo(409);
        assertThat(notReleased.body()).contains("not bookable yet");
        assertThat(freeSlots(token, "personalausweis", MITTE)).noneSatisfy(s -> assertThat(s.get("id").asText()).isEqualTo(tooLate));

        assertThat(api.get("/api/v1/appointments/bookings", token).json()).as("nothing was booked").isEmpty();
        assertThat(jdbc.sql("select sum(booked) from slot where id in (cast(:a as uuid), cast(:b as uuid), cast(:c as uuid), cast(:d as uuid))")
                .param("a", past).param("b", night).param("c", notOffered).param("d", tooLate).query(Integer.class).single()).isZero();
    }
}
