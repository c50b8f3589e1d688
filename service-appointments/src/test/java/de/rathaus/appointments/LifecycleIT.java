package de.rathaus.appointments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import de.rathaus.testsupport.ApiClient.Response;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class LifecycleIT extends AppointmentsApiTest {

    @Test
    void anExpiredHoldCannotBeConfirmedAndIsFreedByTheJob() {
        String token = citizen();
        String slotId = freeSlots(token, "personalausweis", MITTE).get(3).get("id").asText();
        int before = booked(slotId);
        String id = reserve(token, slotId).json().get("id").asText();
        // the hold runs out
        jdbc.sql("update appointment set hold_until = now() - interval '1 second' where id = cast(:id as uuid)").param("id", id).update();

        Response late = api.post("/api/v1/appointments/bookings/%s/confirm".formatted(id), token, "");

        assertThat(late.status()).isEqualTo(409);
        assertThat(late.isProblem()).isTrue();
        assertThat(late.json().get("detail").asText()).contains("expired");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(api.get("/api/v1/appointments/bookings/" + id, token).json().get("status").asText()).isEqualTo("EXPIRED"));
        assertThat(booked(slotId)).as("the place is free again").isEqualTo(before);
    }

    @Test
    void aCitizenCancelsAndTheCapacityIsFreeAgain() {
        String token = citizen();
        String slotId = freeSlots(token, "meldebescheinigung", MITTE).get(5).get("id").asText();
        int before = booked(slotId);
        String id = book(token, slotId).get("id").asText();
        assertThat(booked(slotId)).isEqualTo(before + 1);

        Response cancelled = api.post("/api/v1/appointments/bookings/%s/cancel".formatted(id), token, "");

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asText()).isEqualTo("CANCELLED");
        assertThat(booked(slotId)).isEqualTo(before);
        assertThat(data(awaitEvent(id, "AppointmentCancelled")).get("cancelledBy").asText()).isEqualTo("CITIZEN");
        assertThat(api.post("/api/v1/appointments/bookings/%s/cancel".formatted(id), citizen(), "").status()).as("not yours").isEqualTo(404);
    }

    @Test
    void aCitizenReschedulesWithinTheSameOfficeAndService() {
        String token = citizen();
        List<JsonNode> slots = freeSlots(token, "meldebescheinigung", MITTE);
        String first = slots.get(7).get("id").asText();
        String second = slots.get(9).get("id").asText();
        int firstBefore = booked(first);
        int secondBefore = booked(second);
        JsonNode appointment = book(token, first);
        String id = appointment.get("id").asText();

        Response moved = api.post("/api/v1/appointments/bookings/%s/reschedule".formatted(id), token, "{\"slotId\": \"%s\"}".formatted(second));

        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(moved.json().get("startsAt").asText()).isEqualTo(slots.get(9).get("startsAt").asText());
        assertThat(booked(first)).isEqualTo(firstBefore);
        assertThat(booked(second)).isEqualTo(secondBefore + 1);
        JsonNode event = data(awaitEvent(id, "AppointmentRescheduled"));
        assertThat(OffsetDateTime.parse(event.get("previousStart").asText()))
                .isEqualTo(OffsetDateTime.parse(appointment.get("startsAt").asText()));

        String otherService = freeSlots(token, "personalausweis", MITTE).get(0).get("id").asText();
        Response wrong = api.post("/api/v1/appointments/bookings/%s/reschedule".formatted(id), token, "{\"slotId\": \"%s\"}".formatted(otherService));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(booked(second)).isEqualTo(secondBefore + 1);
    }

    @Test
    void aServiceNeedingTwoSlotsTakesTwoConsecutiveUnitsAtomically() {
        String token = citizen();
        JsonNode slot = freeSlots(token, "reisepass", MITTE).get(0);
        assertThat(Duration.between(OffsetDateTime.parse(slot.get("startsAt").asText()), OffsetDateTime.parse(slot.get("endsAt").asText())))
                .isEqualTo(Duration.ofMinutes(30));
        List<String> units = jdbc.sql("""
                select id::text from slot where office_id = cast(:office as uuid) and service_type = 'reisepass'
                  and starts_at >= cast(:start as timestamptz) and starts_at < cast(:end as timestamptz) order by starts_at
                """).param("office", MITTE).param("start", slot.get("startsAt").asText()).param("end", slot.get("endsAt").asText())
                .query(String.class).list();
        assertThat(units).hasSize(2);

        JsonNode appointment = book(token, slot.get("id").asText());

        assertThat(appointment.get("endsAt").asText()).isEqualTo(slot.get("endsAt").asText());
        assertThat(units).allSatisfy(unit -> assertThat(booked(unit)).isEqualTo(1));

        // the second unit fills up: a start whose run contains it is not offered and cannot be taken, nothing is half-taken
        String secondUnit = units.get(1);
        jdbc.sql("update slot set booked = capacity where id = cast(:id as uuid)").param("id", secondUnit).update();
        assertThat(freeSlots(token, "reisepass", MITTE)).noneSatisfy(s -> assertThat(s.get("id").asText()).isEqualTo(slot.get("id").asText()));
        Response refused = reserve(citizen(), slot.get("id").asText());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(booked(units.get(0))).isEqualTo(1);
    }

    @Test
    void theFairnessLimitAllowsOneOpenAppointmentPerServiceAndCitizen() {
        String token = citizen();
        List<JsonNode> slots = freeSlots(token, "meldebescheinigung", MITTE);
        String first = reserve(token, slots.get(11).get("id").asText()).json().get("id").asText();

        Response second = reserve(token, slots.get(12).get("id").asText());

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().get("detail").asText()).contains("open appointment");
        assertThat(reserve(token, freeSlots(token, "personalausweis", MITTE).get(10).get("id").asText()).status())
                .as("another service is fine").isEqualTo(201);
        api.post("/api/v1/appointments/bookings/%s/cancel".formatted(first), token, "");
        assertThat(reserve(token, slots.get(12).get("id").asText()).status()).as("after cancelling").isEqualTo(201);
    }

    @Test
    void whenCapacityFreesUpTheFirstWaiterIsToldOnce() {
        String waiter = "waiter-" + UUID.randomUUID();
        String second = "waiter2-" + UUID.randomUUID();
        LocalDate today = LocalDate.now();
        String request = "{\"serviceType\": \"meldebescheinigung\", \"officeIds\": [\"%s\"], \"from\": \"%s\", \"to\": \"%s\"}"
                .formatted(MITTE, today, today.plusDays(60));
        Response joined = api.post("/api/v1/appointments/waitlist", tokens.citizen(waiter, "bochum"), request);
        assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
        String entryId = joined.json().get("id").asText();
        assertThat(api.post("/api/v1/appointments/waitlist", tokens.citizen(second, "bochum"), request).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/appointments/waitlist", tokens.citizen(waiter, "bochum"), request).status())
                .as("one entry per service").isEqualTo(409);

        String token = citizen();
        JsonNode slot = freeSlots(token, "meldebescheinigung", MITTE).get(14);
        String id = book(token, slot.get("id").asText()).get("id").asText();
        api.post("/api/v1/appointments/bookings/%s/cancel".formatted(id), token, "");

        JsonNode available = data(awaitEvent(entryId, "SlotAvailable"));
        assertThat(available.get("citizenId").asText()).isEqualTo(waiter);
        assertThat(available.get("officeId").asText()).isEqualTo(MITTE);
        assertThat(OffsetDateTime.parse(available.get("start").asText())).isEqualTo(OffsetDateTime.parse(slot.get("startsAt").asText()));
        assertThat(api.get("/api/v1/appointments/waitlist", tokens.citizen(waiter, "bochum")).json().get(0).get("status").asText())
                .isEqualTo("NOTIFIED");
        assertThat(api.get("/api/v1/appointments/waitlist", tokens.citizen(second, "bochum")).json().get(0).get("status").asText())
                .as("the second waiter waits on").isEqualTo("WAITING");

        Response badOffice = api.post("/api/v1/appointments/waitlist", citizen(),
                "{\"serviceType\": \"meldebescheinigung\", \"officeIds\": [\"%s\"], \"from\": \"%s\", \"to\": \"%s\"}"
                        .formatted(WATTENSCHEID, today, today.plusDays(5)));
        assertThat(badOffice.status()).as("Wattenscheid does not offer it").isEqualTo(400);
        String leaveToken = tokens.citizen(second, "bochum");
        String secondEntry = api.get("/api/v1/appointments/waitlist", leaveToken).json().get(0).get("id").asText();
        assertThat(api.send(api.request("/api/v1/appointments/waitlist/" + secondEntry, leaveToken).DELETE(), java.util.Map.of()).status())
                .isEqualTo(204);
    }

    @Test
    void remindersAreRecordedOnceWhenDue() {
        String token = citizen();
        String id = book(token, freeSlots(token, "personalausweis", MITTE).get(20).get("id").asText()).get("id").asText();
        assertThat(jdbc.sql("select reminder_due_at is not null from appointment where id = cast(:id as uuid)").param("id", id)
                .query(Boolean.class).single()).as("due 24 h before the start").isTrue();
        jdbc.sql("update appointment set reminder_due_at = now() - interval '1 second' where id = cast(:id as uuid)").param("id", id).update();

        awaitEvent(id, "AppointmentReminderDue");

        // a later reminder proves the job ran again after the first one was recorded
        String other = citizen();
        String later = book(other, freeSlots(other, "personalausweis", MITTE).get(21).get("id").asText()).get("id").asText();
        jdbc.sql("update appointment set reminder_due_at = now() - interval '1 second' where id = cast(:id as uuid)").param("id", later).update();
        awaitEvent(later, "AppointmentReminderDue");
        assertThat(jdbc.sql("""
                select count(*) from outbox_event where message_key = :id and event_type = 'de.rathaus.appointments.AppointmentReminderDue.v1'
                """).param("id", id).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void everyAppointmentHasAnICalendarFile() {
        String token = citizen();
        JsonNode appointment = book(token, freeSlots(token, "personalausweis", MITTE).get(25).get("id").asText());
        String id = appointment.get("id").asText();

        Response ics = api.get("/api/v1/appointments/bookings/%s/calendar.ics".formatted(id), token);

        assertThat(ics.status()).isEqualTo(200);
        assertThat(ics.contentType()).startsWith("text/calendar");
        assertThat(ics.body()).startsWith("BEGIN:VCALENDAR\r\n").contains("\r\nVERSION:2.0\r\n");
        assertThat(ics.body().lines()).allSatisfy(line -> assertThat(line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .as("folded at 75 octets").isLessThanOrEqualTo(75));
        ICalendar calendar = Biweekly.parse(ics.body()).first();
        VEvent event = calendar.getEvents().get(0);
        assertThat(event.getUid().getValue()).startsWith(id);
        assertThat(event.getDateStart().getValue().toInstant()).isEqualTo(OffsetDateTime.parse(appointment.get("startsAt").asText()).toInstant());
        assertThat(event.getLocation().getValue()).isEqualTo("Bürgerbüro Bochum-Mitte, Willy-Brandt-Platz 2-6, 44787 Bochum");
        assertThat(event.getStatus().isConfirmed()).isTrue();
        assertThat(api.get("/api/v1/appointments/bookings/%s/calendar.ics".formatted(id), citizen()).status()).isEqualTo(404);
    }

    @Test
    void theLastDayOfTheWindowIsReleasedOnlyAtTheReleaseTime() {
        String sophie = tokens.citizen("sophie-" + UUID.randomUUID(), "soest");
        // the farthest day with slots becomes the last day of Soest's booking window
        LocalDate lastDay = jdbc.sql("""
                select max((starts_at at time zone 'Europe/Berlin')::date) from slot
                where office_id = cast(:office as uuid) and service_type = 'personalausweis'
                """).param("office", SOEST).query(LocalDate.class).single();
        String lastDaySlot = jdbc.sql("""
                select id::text from slot where office_id = cast(:office as uuid) and service_type = 'personalausweis'
                  and (starts_at at time zone 'Europe/Berlin')::date = :day order by starts_at limit 1
                """).param("office", SOEST).param("day", lastDay).query(String.class).single();
        try {
            jdbc.sql("""
                    update office set latest_days = :day - (now() at time zone 'Europe/Berlin')::date, release_time = time '23:59:59.999'
                    where id = cast(:office as uuid)
                    """).param("day", lastDay).param("office", SOEST).update();
            Response early = reserve(sophie, lastDaySlot);
            assertThat(early.status()).as("before the release time").isEqualTo(409);
            assertThat(early.json().get("detail").asText()).contains("not bookable yet");
            String lastDaySearch = "/api/v1/appointments/slots?serviceType=personalausweis&from=%s&to=%s".formatted(lastDay, lastDay);
            assertThat(api.get(lastDaySearch, sophie).json().get("items")).as("not listed before the release").isEmpty();

            jdbc.sql("update office set release_time = time '00:00' where id = cast(:office as uuid)").param("office", SOEST).update();
            assertThat(api.get(lastDaySearch, sophie).json().get("items").get(0).get("id").asText()).isEqualTo(lastDaySlot);
            assertThat(reserve(sophie, lastDaySlot).status()).as("released").isEqualTo(201);
        } finally {
            jdbc.sql("update office set latest_days = 28, release_time = time '07:00' where id = cast(:office as uuid)")
                    .param("office", SOEST).update();
        }
    }

    @Test
    void aLotteryOfficePicksOneOfTheMatchingWaiters() {
        LocalDate today = LocalDate.now();
        List<String> entries = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Response joined = api.post("/api/v1/appointments/waitlist", citizen(),
                    "{\"serviceType\": \"personalausweis\", \"officeIds\": [\"%s\"], \"from\": \"%s\", \"to\": \"%s\"}"
                            .formatted(WATTENSCHEID, today, today.plusDays(60)));
            entries.add(joined.json().get("id").asText());
        }
        String token = citizen();
        String id = book(token, freeSlots(token, "personalausweis", WATTENSCHEID).get(50).get("id").asText()).get("id").asText();
        api.post("/api/v1/appointments/bookings/%s/cancel".formatted(id), token, "");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(jdbc.sql(
                "select count(*) from waitlist_entry where id::text in (:ids) and status = 'NOTIFIED'")
                .param("ids", entries).query(Integer.class).single()).isEqualTo(1));
        jdbc.sql("update waitlist_entry set status = 'LEFT' where id::text in (:ids) and status = 'WAITING'").param("ids", entries).update();
    }
}
