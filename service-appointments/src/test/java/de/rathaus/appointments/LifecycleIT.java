package de.rathaus.appointments;

import static org.assertj.core.api.Assertions.assertThat;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import de.rathaus.testsupport.ApiClient.Response;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class LifecycleIT extends AppointmentsApiTest {

    @Test
    void anExpiredHoldCannotBeConfirmedAndIsFreedByTheJob() {
        String token = citizen();
        String slotId = freeSlots(token, "personalausweis", MITTE).get(3).get("id").asText();
        int before = booked(slotId);
        JsonNode held = reserve(token, slotId).json();
        String id = held.get("id").asText();
        Instant holdUntil = OffsetDateTime.parse(held.get("holdUntil").asText()).toInstant();
        assertThat(holdUntil).as("the office's hold time").isEqualTo(CLOCK.instant().plus(Duration.ofMinutes(10)));
        // the hold runs out
        CLOCK.set(holdUntil);

        Response late = api.post("/api/v1/appointments/bookings/%s/confirm".formatted(id), token, "");

        assertThat(late.status()).isEqualTo(409);
        assertThat(late.isProblem()).isTrue();
        assertThat(late.json().get("detail").asText()).startsWith("The reservation expired at");
        assertThat(status(token, id)).as("refused even before the job has run").isEqualTo("RESERVED");
        assertThat(booked(slotId)).isEqualTo(before + 1);

        holdExpiry.run();

        assertThat(status(token, id)).isEqualTo("EXPIRED");
        assertThat(booked(slotId)).as("the place is free again").isEqualTo(before);
        assertThat(api.post("/api/v1/appointments/bookings/%s/confirm".formatted(id), token, "").json().get("detail").asText())
                .isEqualTo("The reservation is EXPIRED and cannot be confirmed.");
    }

    @Test
    void aHoldCanBeConfirmedUntilItsLastMoment() {
        String token = citizen();
        JsonNode held = reserve(token, freeSlots(token, "personalausweis", MITTE).get(4).get("id").asText()).json();
        CLOCK.set(OffsetDateTime.parse(held.get("holdUntil").asText()).toInstant().minusMillis(1));
        holdExpiry.run();

        Response confirmed = api.post("/api/v1/appointments/bookings/%s/confirm".formatted(held.get("id").asText()), token, "");

        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        assertThat(confirmed.json().get("status").asText()).isEqualTo("BOOKED");
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
        LocalDate today = CLOCK.todayInBerlin();
        String request = "{\"serviceType\": \"meldebescheinigung\", \"officeIds\": [\"%s\"], \"from\": \"%s\", \"to\": \"%s\"}"
                .formatted(MITTE, today, today.plusDays(60));
        Response joined = api.post("/api/v1/appointments/waitlist", tokens.citizen(waiter, "bochum"), request);
        assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
        String entryId = joined.json().get("id").asText();
        CLOCK.advance(Duration.ofSeconds(1));
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
        Instant now = CLOCK.instant();
        JsonNode slot = freeSlots(token, "personalausweis", MITTE).stream()
                .filter(s -> startsAt(s).isAfter(now.plus(Duration.ofDays(2)))).findFirst().orElseThrow();
        String id = book(token, slot.get("id").asText()).get("id").asText();
        Instant due = reminderDueAt(id);
        assertThat(due).as("24 h before the start").isEqualTo(startsAt(slot).minus(Duration.ofHours(24)));

        CLOCK.set(due.minusSeconds(1));
        reminders.run();
        assertThat(recordedEvents(id, "AppointmentReminderDue")).as("not due yet").isZero();

        CLOCK.set(due);
        reminders.run();
        reminders.run();

        assertThat(recordedEvents(id, "AppointmentReminderDue")).as("recorded once").isEqualTo(1);
        assertThat(OffsetDateTime.parse(data(awaitEvent(id, "AppointmentReminderDue")).get("start").asText()).toInstant())
                .isEqualTo(startsAt(slot));
    }

    @Test
    void anAppointmentBookedWithinTheLeadTimeGetsNoReminder() {
        String token = citizen();
        JsonNode soon = freeSlots(token, "personalausweis", MITTE).stream()
                .filter(s -> startsAt(s).isBefore(CLOCK.instant().plus(Duration.ofHours(24)))).findFirst().orElseThrow();

        String id = book(token, soon.get("id").asText()).get("id").asText();

        assertThat(reminderDueAt(id)).as("the booking confirmation is the reminder").isNull();
        CLOCK.set(startsAt(soon));
        reminders.run();
        assertThat(recordedEvents(id, "AppointmentReminderDue")).isZero();
    }

    @Test
    void aRescheduledAppointmentIsRemindedOfItsNewStart() {
        String token = citizen();
        Instant now = CLOCK.instant();
        List<JsonNode> later = freeSlots(token, "meldebescheinigung", MITTE).stream()
                .filter(s -> startsAt(s).isAfter(now.plus(Duration.ofDays(3)))).toList();
        JsonNode first = later.get(0);
        JsonNode moved = later.stream().filter(s -> startsAt(s).isAfter(startsAt(first).plus(Duration.ofDays(1)))).findFirst().orElseThrow();
        String id = book(token, first.get("id").asText()).get("id").asText();

        assertThat(api.post("/api/v1/appointments/bookings/%s/reschedule".formatted(id), token,
                "{\"slotId\": \"%s\"}".formatted(moved.get("id").asText())).status()).isEqualTo(200);
        CLOCK.set(startsAt(first).minus(Duration.ofHours(24)));
        reminders.run();

        assertThat(reminderDueAt(id)).isEqualTo(startsAt(moved).minus(Duration.ofHours(24)));
        assertThat(recordedEvents(id, "AppointmentReminderDue")).as("not due for the new start yet").isZero();
    }

    private Instant reminderDueAt(String appointmentId) {
        return jdbc.sql("select reminder_due_at from appointment where id = cast(:id as uuid)").param("id", appointmentId)
                .query((rs, row) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant)).single().orElse(null);
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
        // the farthest day with slots becomes the last day of Soest's booking window, released at 10:00
        LocalDate lastDay = jdbc.sql("""
                select max((starts_at at time zone 'Europe/Berlin')::date) from slot
                where office_id = cast(:office as uuid) and service_type = 'personalausweis'
                """).param("office", SOEST).query(LocalDate.class).single();
        String lastDaySlot = jdbc.sql("""
                select id::text from slot where office_id = cast(:office as uuid) and service_type = 'personalausweis'
                  and (starts_at at time zone 'Europe/Berlin')::date = :day order by starts_at limit 1
                """).param("office", SOEST).param("day", lastDay).query(String.class).single();
        try {
            jdbc.sql("update office set latest_days = :days, release_time = time '10:00' where id = cast(:office as uuid)")
                    .param("days", ChronoUnit.DAYS.between(CLOCK.todayInBerlin(), lastDay)).param("office", SOEST).update();
            CLOCK.set(CLOCK.berlin(0, LocalTime.of(9, 59, 59)));
            Response early = reserve(sophie, lastDaySlot);
            assertThat(early.status()).as("before the release time").isEqualTo(409);
            assertThat(early.json().get("detail").asText()).contains("not bookable yet");
            String lastDaySearch = "/api/v1/appointments/slots?serviceType=personalausweis&from=%s&to=%s".formatted(lastDay, lastDay);
            assertThat(api.get(lastDaySearch, sophie).json().get("items")).as("not listed before the release").isEmpty();

            CLOCK.set(CLOCK.berlin(0, LocalTime.of(10, 0)));
            assertThat(api.get(lastDaySearch, sophie).json().get("items").get(0).get("id").asText()).isEqualTo(lastDaySlot);
            assertThat(reserve(sophie, lastDaySlot).status()).as("released").isEqualTo(201);
        } finally {
            jdbc.sql("update office set latest_days = 28, release_time = time '07:00' where id = cast(:office as uuid)")
                    .param("office", SOEST).update();
        }
    }

    @Test
    void aLotteryOfficePicksOneOfTheMatchingWaiters() {
        LocalDate today = CLOCK.todayInBerlin();
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

        assertThat(jdbc.sql("select count(*) from waitlist_entry where id::text in (:ids) and status = 'NOTIFIED'")
                .param("ids", entries).query(Integer.class).single()).as("told in the cancel's transaction").isEqualTo(1);
        jdbc.sql("update waitlist_entry set status = 'LEFT' where id::text in (:ids) and status = 'WAITING'").param("ids", entries).update();
    }
}
