package de.rathaus.appointments;

import static org.assertj.core.api.Assertions.assertThat;

import de.rathaus.testsupport.ApiClient.Response;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The office administration (role admin) and what its changes do to existing bookings and to waiters. */
class OfficeAdminIT extends AppointmentsApiTest {

    /** A municipality of its own: the offices created here stay out of the other tests' office lists. */
    private static final String TENANT = "amtshausen";
    private static final String ADMIN = tokens.token("admin-" + UUID.randomUUID(), TENANT, List.of("admin"));
    private static final String SOEST_ADMIN = tokens.token("admin-" + UUID.randomUUID(), "soest", List.of("admin"));
    private static final String BASE = ADMIN_OFFICES;

    private static String settings(String name, int counters, int latestDays) {
        return officeSettings(name, counters, latestDays, "00:00");
    }

    /** A fresh office of the municipality offering {@code service} (capacity, one unit) every morning; its id. */
    private String createOffice(String service, int capacity) {
        return createOffice(ADMIN, settings("Bürgerbüro Test " + UUID.randomUUID(), 2, 14), service, capacity);
    }

    private static String resident() {
        return tokens.citizen("citizen-" + UUID.randomUUID(), TENANT);
    }

    private static String service() {
        return "svc-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Response send(String method, String path, String token, String body, String ifMatch) {
        HttpRequest.Builder request = api.request(path, token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        Map<String, String> headers = new java.util.HashMap<>();
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        if (ifMatch != null) {
            headers.put("If-Match", ifMatch);
        }
        return api.send(request, headers);
    }

    private int slotAvailableEvents(String entryId) {
        return recordedEvents(entryId, "SlotAvailable");
    }

    /** Joins the waitlist a second after whoever joined before (first come, first served needs an order). */
    private String joinWaitlist(String token, String service, String officeId, LocalDate from, LocalDate to) {
        CLOCK.advance(Duration.ofSeconds(1));
        Response joined = api.post("/api/v1/appointments/waitlist", token,
                "{\"serviceType\": \"%s\", \"officeIds\": [\"%s\"], \"from\": \"%s\", \"to\": \"%s\"}".formatted(service, officeId, from, to));
        assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
        return joined.json().get("id").asText();
    }

    @Test
    void anAdminCreatesAnOfficeAndMaintainsItsSettingsWithOptimisticConcurrency() {
        String service = service();
        String name = "Bürgerbüro Neu " + UUID.randomUUID();
        Response created = api.post(BASE, ADMIN, """
                {"settings": %s, "slotMinutes": 20, "services": [{"key": "%s", "capacity": 2, "durationSlots": 2}],
                 "openingHours": [{"dayOfWeek": 2, "opens": "14:00", "closes": "18:00"}, {"dayOfWeek": 2, "opens": "08:00", "closes": "12:00"}]}"""
                .formatted(settings(name, 3, 21), service));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(created.header("Location")).endsWith("/admin/offices/" + id);
        assertThat(created.header("ETag")).isEqualTo("W/\"0\"");
        JsonNode office = created.json();
        assertThat(office.get("slotMinutes").asInt()).isEqualTo(20);
        assertThat(office.get("counters").asInt()).isEqualTo(3);
        assertThat(office.get("bookingWindow").get("latestDays").asInt()).isEqualTo(21);
        assertThat(office.get("services").get(0).get("durationSlots").asInt()).isEqualTo(2);
        assertThat(office.get("openingHours")).hasSize(2);
        assertThat(office.get("openingHours").get(0).get("opens").asText()).isEqualTo("08:00");
        // its slots exist at once and a 2-unit service takes 40 minutes
        String citizen = resident();
        List<JsonNode> slots = freeSlots(citizen, service, id);
        assertThat(slots).isNotEmpty().allSatisfy(slot -> assertThat(Duration.between(OffsetDateTime.parse(slot.get("startsAt").asText()),
                OffsetDateTime.parse(slot.get("endsAt").asText()))).isEqualTo(Duration.ofMinutes(40)));
        assertThat(api.get("/api/v1/appointments/offices", citizen).json().findValuesAsString("name")).contains(name);

        assertThat(api.get(BASE + "/" + id, ADMIN).header("ETag")).isEqualTo("W/\"0\"");
        assertThat(api.get(BASE, ADMIN).json().findValuesAsString("id")).contains(id);
        assertThat(api.get(BASE, citizen).status()).as("admins only").isEqualTo(403);
        assertThat(api.get(BASE, tokens.clerk("clerk-" + UUID.randomUUID(), TENANT)).status()).isEqualTo(403);
        assertThat(send("PUT", BASE + "/" + id, citizen, "{}", null).status()).as("403 before the body is looked at").isEqualTo(403);
        assertThat(api.get(BASE + "/" + id, SOEST_ADMIN).status()).as("another municipality's office").isEqualTo(404);
        assertThat(send("PUT", BASE + "/" + id, SOEST_ADMIN, settings("Fremd", 3, 21), null).status()).isEqualTo(404);

        Response updated = send("PUT", BASE + "/" + id, ADMIN, settings(name + " (renoviert)", 4, 28), "W/\"0\"");
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.header("ETag")).isEqualTo("W/\"1\"");
        assertThat(updated.json().get("office").get("name").asText()).endsWith("(renoviert)");
        assertThat(updated.json().get("cancelledAppointments").asInt()).isZero();

        Response stale = send("PUT", BASE + "/" + id, ADMIN, settings("Überschrieben", 4, 28), "W/\"0\"");
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.isProblem()).isTrue();
        assertThat(api.get(BASE + "/" + id, ADMIN).json().get("name").asText()).as("nothing changed").endsWith("(renoviert)");

        Response service2 = send("PUT", BASE + "/" + id + "/services/" + service + "-b", ADMIN, "{\"capacity\": 1, \"durationSlots\": 1}", "W/\"1\"");
        assertThat(service2.status()).as(service2.toString()).isEqualTo(200);
        assertThat(service2.json().get("office").get("services")).hasSize(2);
        assertThat(freeSlots(citizen, service + "-b", id)).isNotEmpty();
        Response removed = send("DELETE", BASE + "/" + id + "/services/" + service + "-b", ADMIN, null, null);
        assertThat(removed.status()).as(removed.toString()).isEqualTo(200);
        assertThat(freeSlots(citizen, service + "-b", id)).as("no longer offered").isEmpty();
    }

    @Test
    void badInputIsRefusedWithAProblemAndChangesNothing() {
        String service = service();
        String id = createOffice(service, 2);
        String version = api.get(BASE + "/" + id, ADMIN).header("ETag");

        Response overlap = send("PUT", BASE + "/" + id + "/opening-hours", ADMIN, """
                [{"dayOfWeek": 1, "opens": "08:00", "closes": "12:00"}, {"dayOfWeek": 1, "opens": "11:30", "closes": "13:00"}]""", null);
        assertThat(overlap.status()).isEqualTo(400);
        assertThat(overlap.isProblem()).isTrue();
        assertThat(overlap.body()).contains("overlaps");
        Response backwards = send("PUT", BASE + "/" + id + "/opening-hours", ADMIN, "[{\"dayOfWeek\": 2, \"opens\": \"12:00\", \"closes\": \"08:00\"}]", null);
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.body()).contains("must be after opens");
        assertThat(send("PUT", BASE + "/" + id + "/opening-hours", ADMIN, "[{\"dayOfWeek\": 8, \"opens\": \"08:00\", \"closes\": \"09:00\"}]", null).status())
                .isEqualTo(400);
        assertThat(send("PUT", BASE + "/" + id + "/opening-hours", ADMIN, "[{\"dayOfWeek\": 1, \"opens\": \"8 Uhr\", \"closes\": \"09:00\"}]", null).status())
                .isEqualTo(400);

        Response negative = send("PUT", BASE + "/" + id + "/services/" + service, ADMIN, "{\"capacity\": -1, \"durationSlots\": 1}", null);
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.isProblem()).isTrue();
        Response tooMany = send("PUT", BASE + "/" + id + "/services/" + service, ADMIN, "{\"capacity\": 3, \"durationSlots\": 1}", null);
        assertThat(tooMany.status()).as("more than the 2 counters").isEqualTo(400);
        assertThat(send("PUT", BASE + "/" + id, ADMIN, settings("Zu wenige Schalter", 1, 14), null).status())
                .as("counters below the capacity of a service").isEqualTo(400);
        Response window = send("PUT", BASE + "/" + id, ADMIN, settings("x", 2, 14).replace("\"earliestDays\": 0", "\"earliestDays\": 20"), null);
        assertThat(window.status()).isEqualTo(400);
        assertThat(window.body()).contains("bookingWindow.latestDays");
        assertThat(send("PUT", BASE + "/" + id, ADMIN, settings("x", 2, 14).replace("\"nw\"", "\"xx\""), null).status())
                .as("unknown federal state").isEqualTo(400);
        assertThat(send("DELETE", BASE + "/" + id + "/services/unbekannt", ADMIN, null, null).status()).as("unknown service").isEqualTo(404);

        String future = CLOCK.todayInBerlin().plusDays(30).toString();
        Response past = api.post(BASE + "/" + id + "/closures", ADMIN,
                "{\"day\": \"%s\", \"reason\": \"Betriebsausflug\"}".formatted(CLOCK.todayInBerlin().minusDays(1)));
        assertThat(past.status()).isEqualTo(400);
        assertThat(past.body()).contains("past");
        assertThat(api.post(BASE + "/" + id + "/closures", ADMIN, "{\"day\": \"%s\"}".formatted(future)).status()).as("no reason").isEqualTo(400);
        assertThat(send("DELETE", BASE + "/" + id + "/closures/" + future, ADMIN, null, null).status()).isEqualTo(404);
        assertThat(api.post(BASE + "/" + UUID.randomUUID() + "/closures", ADMIN, "{\"day\": \"%s\", \"reason\": \"x\"}".formatted(future)).status())
                .isEqualTo(404);
        assertThat(api.post(BASE + "/" + id + "/closures", SOEST_ADMIN, "{\"day\": \"%s\", \"reason\": \"x\"}".formatted(future)).status())
                .as("another municipality's office").isEqualTo(404);

        JsonNode office = api.get(BASE + "/" + id, ADMIN).json();
        assertThat(api.get(BASE + "/" + id, ADMIN).header("ETag")).as("no change counted").isEqualTo(version);
        assertThat(office.get("openingHours")).hasSize(7);
        assertThat(office.get("services").get(0).get("capacity").asInt()).isEqualTo(2);
        assertThat(api.get(BASE + "/" + id + "/closures", ADMIN).json()).isEmpty();
    }

    @Test
    void aClosureAddedAfterBookingsCancelsThatDaysAppointmentsAndHoldsByTheOffice() {
        String service = service();
        String id = createOffice(service, 2);
        String anna = resident();
        String ben = resident();
        String carla = resident();
        List<JsonNode> slots = freeSlots(anna, service, id);
        LocalDate tomorrow = CLOCK.todayInBerlin().plusDays(1);
        JsonNode onDay = slots.stream().filter(s -> day(s).isAfter(tomorrow)).findFirst().orElseThrow();
        LocalDate closed = day(onDay);
        JsonNode laterOnDay = slots.stream().filter(s -> day(s).equals(closed)).skip(3).findFirst().orElseThrow();
        JsonNode otherDay = slots.stream().filter(s -> day(s).isAfter(closed)).findFirst().orElseThrow();
        String booked = book(anna, onDay.get("id").asText()).get("id").asText();
        String held = reserve(ben, laterOnDay.get("id").asText()).json().get("id").asText();
        String untouched = book(carla, otherDay.get("id").asText()).get("id").asText();

        Response closure = api.post(BASE + "/" + id + "/closures", ADMIN, "{\"day\": \"%s\", \"reason\": \"Personalversammlung\"}".formatted(closed));

        assertThat(closure.status()).as(closure.toString()).isEqualTo(201);
        assertThat(closure.json().get("cancelledAppointments").asInt()).isEqualTo(1);
        assertThat(closure.json().get("releasedHolds").asInt()).isEqualTo(1);
        assertThat(closure.json().get("office").get("closures").findValuesAsString("day")).contains(closed.toString());
        assertThat(status(anna, booked)).isEqualTo("CANCELLED");
        assertThat(status(ben, held)).isEqualTo("CANCELLED");
        assertThat(status(carla, untouched)).isEqualTo("BOOKED");
        assertThat(data(awaitEvent(booked, "AppointmentCancelled")).get("cancelledBy").asText()).isEqualTo("OFFICE");
        assertThat(data(awaitEvent(held, "AppointmentCancelled")).get("cancelledBy").asText()).isEqualTo("OFFICE");
        assertThat(freeSlots(anna, service, id)).noneSatisfy(s -> assertThat(day(s)).isEqualTo(closed));
        Response onClosedDay = reserve(resident(), laterOnDay.get("id").asText());
        assertThat(onClosedDay.status()).isEqualTo(400);
        assertThat(onClosedDay.body()).contains("closed");
        assertThat(jdbc.sql("select coalesce(sum(booked), 0) from slot where office_id = cast(:id as uuid) and (starts_at at time zone 'Europe/Berlin')::date = :day")
                .param("id", id).param("day", closed).query(Integer.class).single()).as("all places of the day given back").isZero();
        assertThat(api.get(BASE + "/" + id + "/closures", ADMIN).json().get(0).get("reason").asText()).isEqualTo("Personalversammlung");
        assertThat(api.post(BASE + "/" + id + "/closures", ADMIN, "{\"day\": \"%s\", \"reason\": \"nochmal\"}".formatted(closed)).status())
                .isEqualTo(409);

        Response reopened = send("DELETE", BASE + "/" + id + "/closures/" + closed, ADMIN, null, null);

        assertThat(reopened.status()).as(reopened.toString()).isEqualTo(200);
        assertThat(freeSlots(anna, service, id)).anySatisfy(s -> assertThat(day(s)).isEqualTo(closed));
        assertThat(reserve(resident(), laterOnDay.get("id").asText()).status()).as("bookable again").isEqualTo(201);
    }

    @Test
    void lowerCapacityAndShorterOpeningHoursCancelTheAppointmentsThatNoLongerFit() {
        String service = service();
        String id = createOffice(service, 2);
        String first = resident();
        String second = resident();
        JsonNode slot = freeSlots(first, service, id).stream()
                .filter(s -> day(s).isAfter(CLOCK.todayInBerlin())).findFirst().orElseThrow();
        String earlier = book(first, slot.get("id").asText()).get("id").asText();
        CLOCK.advance(Duration.ofSeconds(1));
        String later = book(second, slot.get("id").asText()).get("id").asText();
        assertThat(booked(slot.get("id").asText())).isEqualTo(2);

        Response lower = send("PUT", BASE + "/" + id + "/services/" + service, ADMIN, "{\"capacity\": 1, \"durationSlots\": 1}", null);

        assertThat(lower.status()).as(lower.toString()).isEqualTo(200);
        assertThat(lower.json().get("cancelledAppointments").asInt()).isEqualTo(1);
        assertThat(status(second, later)).as("the most recent booking goes").isEqualTo("CANCELLED");
        assertThat(status(first, earlier)).isEqualTo("BOOKED");
        assertThat(data(awaitEvent(later, "AppointmentCancelled")).get("cancelledBy").asText()).isEqualTo("OFFICE");
        assertThat(jdbc.sql("select capacity from slot where id = cast(:id as uuid)").param("id", slot.get("id").asText())
                .query(Integer.class).single()).isEqualTo(1);

        // the slot (08:00 local, the first of its day) falls outside the new hours
        String hours = ALL_WEEK_MORNINGS.replace("\"opens\": \"08:00\"", "\"opens\": \"10:00\"");
        Response shorter = send("PUT", BASE + "/" + id + "/opening-hours", ADMIN, hours, null);

        assertThat(shorter.status()).as(shorter.toString()).isEqualTo(200);
        assertThat(shorter.json().get("cancelledAppointments").asInt()).isEqualTo(1);
        assertThat(status(first, earlier)).isEqualTo("CANCELLED");
        assertThat(booked(slot.get("id").asText())).isZero();
        assertThat(freeSlots(first, service, id)).isNotEmpty().allSatisfy(s -> assertThat(
                OffsetDateTime.parse(s.get("startsAt").asText()).atZoneSameInstant(BERLIN).getHour()).isGreaterThanOrEqualTo(10));
        assertThat(reserve(resident(), slot.get("id").asText()).status()).as("outside the opening hours").isEqualTo(400);

        // the hours come back: the slot is offered again, with the service's capacity
        assertThat(send("PUT", BASE + "/" + id + "/opening-hours", ADMIN, ALL_WEEK_MORNINGS, null).status()).isEqualTo(200);
        assertThat(freeSlots(first, service, id)).anySatisfy(s -> assertThat(s.get("id").asText()).isEqualTo(slot.get("id").asText()));
    }

    @Test
    void bookingsRacingWithAClosureEndWithNothingOpenOnTheClosedDay() throws Exception {
        String service = service();
        String id = createOffice(service, 2);
        LocalDate tomorrow = CLOCK.todayInBerlin().plusDays(1);
        List<JsonNode> slots = freeSlots(resident(), service, id);
        LocalDate closed = day(slots.stream().filter(s -> day(s).isAfter(tomorrow)).findFirst().orElseThrow());
        List<String> daySlots = slots.stream().filter(s -> day(s).equals(closed)).map(s -> s.get("id").asText()).toList();
        int contenders = 12;
        ExecutorService pool = Executors.newFixedThreadPool(contenders + 1);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> bookings = new ArrayList<>();
            for (int i = 0; i < contenders; i++) {
                String token = resident();
                String slotId = daySlots.get(i % 3);
                bookings.add(pool.submit(() -> {
                    start.await();
                    Response held = reserve(token, slotId);
                    if (held.status() == 201) {
                        api.post("/api/v1/appointments/bookings/%s/confirm".formatted(held.json().get("id").asText()), token, "");
                    }
                    return held;
                }));
            }
            Future<Response> closure = pool.submit(() -> {
                start.await();
                return api.post(BASE + "/" + id + "/closures", ADMIN, "{\"day\": \"%s\", \"reason\": \"Streik\"}".formatted(closed));
            });
            start.countDown();

            Response closing = closure.get();
            assertThat(closing.status()).as(closing.toString()).isEqualTo(201);
            List<Integer> statuses = new ArrayList<>();
            for (Future<Response> booking : bookings) {
                statuses.add(booking.get().status());
            }
            // refusals: closed (400), full (409), or the free slot row already removed with the closed day (404)
            assertThat(statuses).as("a place, or a clear refusal").allSatisfy(status -> assertThat(status).isIn(201, 400, 404, 409));
            int cancelledByClosure = closing.json().get("cancelledAppointments").asInt() + closing.json().get("releasedHolds").asInt();
            int beforeClosure = (int) statuses.stream().filter(status -> status == 201).count();
            assertThat(cancelledByClosure).as("every place taken before the closure is cancelled by it").isEqualTo(beforeClosure);
            assertThat(jdbc.sql("""
                    select count(*) from appointment where office_id = cast(:id as uuid) and status in ('RESERVED', 'BOOKED')
                      and (starts_at at time zone 'Europe/Berlin')::date = :day
                    """).param("id", id).param("day", closed).query(Integer.class).single()).as("nothing open on the closed day").isZero();
            assertThat(jdbc.sql("""
                    select count(*) from appointment where office_id = cast(:id as uuid) and cancelled_by = 'OFFICE'
                      and (starts_at at time zone 'Europe/Berlin')::date = :day
                    """).param("id", id).param("day", closed).query(Integer.class).single()).isEqualTo(beforeClosure);
            assertThat(jdbc.sql("select coalesce(sum(booked), 0) from slot where office_id = cast(:id as uuid) and (starts_at at time zone 'Europe/Berlin')::date = :day")
                    .param("id", id).param("day", closed).query(Integer.class).single()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anExpiredHoldFreesItsPlaceForTheNextWaiterExactlyOnce() {
        String service = service();
        String id = createOffice(service, 1);
        LocalDate today = CLOCK.todayInBerlin();
        String waiterId = "waiter-" + UUID.randomUUID();
        String waiter = tokens.citizen(waiterId, TENANT);
        String entry = joinWaitlist(waiter, service, id, today, today.plusDays(14));
        String holder = resident();
        JsonNode slot = freeSlots(holder, service, id).get(5);
        String hold = reserve(holder, slot.get("id").asText()).json().get("id").asText();

        CLOCK.advance(Duration.ofMinutes(10));
        holdExpiry.run();

        JsonNode available = data(awaitEvent(entry, "SlotAvailable"));
        assertThat(available.get("citizenId").asText()).isEqualTo(waiterId);
        assertThat(OffsetDateTime.parse(available.get("start").asText())).isEqualTo(OffsetDateTime.parse(slot.get("startsAt").asText()));
        assertThat(available.has("appointmentId")).as("the office does not hold freed places").isFalse();
        assertThat(status(holder, hold)).isEqualTo("EXPIRED");
        assertThat(booked(slot.get("id").asText())).isZero();

        // a second expiry, told to a second waiter, proves the job ran again: the first waiter was told once
        String second = resident();
        String secondEntry = joinWaitlist(second, service, id, today, today.plusDays(14));
        String other = resident();
        String otherHold = reserve(other, freeSlots(other, service, id).get(6).get("id").asText()).json().get("id").asText();
        CLOCK.advance(Duration.ofMinutes(10));
        holdExpiry.run();
        assertThat(status(other, otherHold)).isEqualTo("EXPIRED");
        assertThat(slotAvailableEvents(entry)).isEqualTo(1);
        assertThat(slotAvailableEvents(secondEntry)).isEqualTo(1);
    }

    @Test
    void anOfficeCanHoldAFreedPlaceForTheWaiterItTells() {
        String service = service();
        String id = createOffice(service, 1);
        Response holding = send("PUT", BASE + "/" + id, ADMIN,
                settings("Bürgerbüro Warteliste", 2, 14).replace("\"holdMinutes\": 10", "\"holdMinutes\": 10, \"waitlistHoldMinutes\": 15"), null);
        assertThat(holding.status()).as(holding.toString()).isEqualTo(200);
        assertThat(holding.json().get("office").get("waitlistHoldMinutes").asInt()).isEqualTo(15);
        LocalDate today = CLOCK.todayInBerlin();
        List<JsonNode> slots = freeSlots(resident(), service, id);
        // the first waiter already has an appointment for the service: they could not take a held place
        String busy = resident();
        book(busy, slots.get(10).get("id").asText());
        String busyEntry = joinWaitlist(busy, service, id, today, today.plusDays(14));
        String waiterId = "waiter-" + UUID.randomUUID();
        String waiter = tokens.citizen(waiterId, TENANT);
        String entry = joinWaitlist(waiter, service, id, today, today.plusDays(14));
        String next = resident();
        String nextEntry = joinWaitlist(next, service, id, today, today.plusDays(14));
        String booker = resident();
        String slotId = slots.get(4).get("id").asText();
        String cancelled = book(booker, slotId).get("id").asText();

        assertThat(api.post("/api/v1/appointments/bookings/%s/cancel".formatted(cancelled), booker, "").status()).isEqualTo(200);

        JsonNode available = data(awaitEvent(entry, "SlotAvailable"));
        assertThat(available.get("citizenId").asText()).isEqualTo(waiterId);
        assertThat(available.get("reason").asText()).isEqualTo("FREED");
        String held = available.get("appointmentId").asText();
        assertThat(OffsetDateTime.parse(available.get("holdUntil").asText()).toInstant()).as("the office's waitlist hold")
                .isEqualTo(CLOCK.instant().plus(Duration.ofMinutes(15)));
        JsonNode reservation = api.get("/api/v1/appointments/bookings/" + held, waiter).json();
        assertThat(reservation.get("status").asText()).isEqualTo("RESERVED");
        assertThat(reservation.get("slotId").asText()).isEqualTo(slotId);
        assertThat(awaitEvent(held, "AppointmentReserved")).isNotNull();
        assertThat(booked(slotId)).as("the place stays taken for the waiter").isEqualTo(1);
        Response bot = reserve(resident(), slotId);
        assertThat(bot.status()).as("nobody else can take it").isEqualTo(409);
        assertThat(jdbc.sql("select status from waitlist_entry where id = cast(:id as uuid)").param("id", busyEntry).query(String.class).single())
                .as("passed over, waits on").isEqualTo("WAITING");

        // the waiter lets the hold run out: the place goes on to the next waiter, again held
        CLOCK.advance(Duration.ofMinutes(15));
        holdExpiry.run();
        JsonNode passedOn = data(awaitEvent(nextEntry, "SlotAvailable"));
        assertThat(passedOn.get("appointmentId").asText()).isNotEqualTo(held);
        assertThat(status(waiter, held)).isEqualTo("EXPIRED");
        String nextHold = passedOn.get("appointmentId").asText();
        assertThat(booked(slotId)).isEqualTo(1);

        Response confirmed = api.post("/api/v1/appointments/bookings/%s/confirm".formatted(nextHold), next, "");
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        assertThat(confirmed.json().get("status").asText()).isEqualTo("BOOKED");
    }

    @Test
    void anOfficeInsertedWithoutTheAdminApiStartsAtTheDayReleasedNowWithoutAnnouncements() {
        String service = service();
        UUID id = UUID.randomUUID();
        // as seed scripts and the benchmark harness do: no released_through
        jdbc.sql("""
                insert into office (id, tenant, name, address, federal_state, counters, earliest_days, latest_days, release_time, hold_minutes)
                values (:id, :tenant, 'Seeded office', 'Seedstraße 1', 'nw', 2, 0, 14, time '00:00', 10)
                """).param("id", id).param("tenant", TENANT).update();
        jdbc.sql("insert into office_service (office_id, service_type, capacity) values (:id, :service, 2)").param("id", id).param("service", service).update();
        LocalDate today = CLOCK.todayInBerlin();
        String entry = joinWaitlist(resident(), service, id.toString(), today, today.plusDays(30));

        releasedDays.run();

        assertThat(releasedThrough(id.toString())).as("released at 00:00: today + 14").isEqualTo(today.plusDays(14));
        assertThat(slotAvailableEvents(entry)).isZero();
    }

    @Test
    void newlyReleasedDaysAreAnnouncedToMatchingWaitersOncePerWaiterAndDay() {
        String service = service();
        String id = createOffice(service, 2);
        LocalDate today = CLOCK.todayInBerlin();
        LocalDate lastDay = today.plusDays(16);
        String matching = joinWaitlist(resident(), service, id, today.plusDays(10), today.plusDays(30));
        String tooEarly = joinWaitlist(resident(), service, id, today, today.plusDays(14));
        String otherOffice = joinWaitlist(resident(), service, createOffice(service, 1), today, today.plusDays(30));
        assertThat(releasedThrough(id)).as("released at 00:00: today + 14").isEqualTo(today.plusDays(14));

        // two days pass: the nightly slot generation and the released-day job run
        CLOCK.set(CLOCK.berlin(2, LocalTime.of(0, 5)));
        slotGenerator.generate();
        releasedDays.run();

        assertThat(releasedThrough(id)).isEqualTo(lastDay);
        Response lastDays = api.get("/api/v1/appointments/slots?serviceType=%s&officeId=%s&from=%s&to=%s&size=200"
                .formatted(service, id, lastDay.minusDays(1), lastDay), resident());
        List<LocalDate> openDays = lastDays.json().get("items").valueStream().map(AppointmentsApiTest::day).distinct().toList();
        assertThat(openDays).as("open every day but public holidays").isNotEmpty();
        assertThat(slotAvailableEvents(matching)).as("one per released day with free places").isEqualTo(openDays.size());
        JsonNode notice = data(awaitEvent(matching, "SlotAvailable"));
        assertThat(notice.get("officeId").asText()).isEqualTo(id);
        assertThat(notice.get("serviceKey").asText()).isEqualTo(service);
        assertThat(notice.get("reason").asText()).isEqualTo("RELEASED");
        assertThat(openDays).contains(OffsetDateTime.parse(notice.get("start").asText()).atZoneSameInstant(BERLIN).toLocalDate());
        assertThat(slotAvailableEvents(tooEarly)).isZero();
        assertThat(jdbc.sql("select count(*) from outbox_event where message_key = :entry and payload ->> 'officeId' = :office")
                .param("entry", otherOffice).param("office", id).query(Integer.class).single())
                .as("waits at another office: told only of that office's days").isZero();
        assertThat(jdbc.sql("select status from waitlist_entry where id = cast(:id as uuid)").param("id", matching).query(String.class).single())
                .as("a release is a broadcast: the waiter keeps waiting").isEqualTo("WAITING");

        // even if the watermark were lost, a waiter is never told twice about a day
        jdbc.sql("update office set released_through = cast(:day as date) where id = cast(:id as uuid)")
                .param("day", lastDay.minusDays(2)).param("id", id).update();
        releasedDays.run();
        assertThat(releasedThrough(id)).isEqualTo(lastDay);
        assertThat(slotAvailableEvents(matching)).isEqualTo(openDays.size());
    }

    private LocalDate releasedThrough(String officeId) {
        return jdbc.sql("select released_through from office where id = cast(:id as uuid)").param("id", officeId)
                .query(LocalDate.class).single();
    }
}
