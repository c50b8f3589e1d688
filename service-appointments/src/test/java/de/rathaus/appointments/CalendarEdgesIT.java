package de.rathaus.appointments;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The moments at which a calendar computed with the wrong clock or a fixed offset goes wrong: five to midnight on New
 * Year's Eve (the next day is a public holiday of a new year) and the night of the switch to summer time (a day of
 * 23 hours). The service's clock is set to them; the offices open at 08:00 every day of the week and release one more
 * day at 07:00, 14 days ahead.
 */
class CalendarEdgesIT extends AppointmentsApiTest {

    /** A municipality of its own: the offices created here stay out of the other tests' office lists. */
    private static final String TENANT = "randhausen";
    private static final String ADMIN = tokens.token("admin-" + UUID.randomUUID(), TENANT, List.of("admin"));
    private static final ZoneOffset WINTER = ZoneOffset.ofHours(1);
    private static final ZoneOffset SUMMER = ZoneOffset.ofHours(2);

    private static String resident() {
        return tokens.citizen("citizen-" + UUID.randomUUID(), TENANT);
    }

    private String office(String service) {
        return createOffice(ADMIN, officeSettings("Bürgerbüro " + service, 2, 14, "07:00"), service, 2);
    }

    private List<JsonNode> slots(String service, String officeId, LocalDate from, LocalDate to) {
        return freeSlots(resident(), service, officeId, from, to);
    }

    private static Instant berlin(LocalDate day, LocalTime time) {
        return ZonedDateTime.of(day, time, BERLIN).toInstant();
    }

    private static OffsetDateTime offsetStart(JsonNode slot) {
        return OffsetDateTime.parse(slot.get("startsAt").asText());
    }

    @Test
    void atFiveToMidnightOnNewYearsEveTheNextFreeSlotIsOnTheSecondOfJanuary() {
        LocalDate newYearsEve = LocalDate.of(CLOCK.todayInBerlin().getYear(), 12, 31);
        LocalDate newYear = newYearsEve.plusDays(1);
        CLOCK.set(berlin(newYearsEve, LocalTime.of(23, 55)));
        String service = "svc-" + UUID.randomUUID().toString().substring(0, 8);
        String id = office(service);

        List<JsonNode> free = slots(service, id, newYearsEve, newYear.plusDays(3));

        assertThat(free).isNotEmpty().noneSatisfy(slot -> assertThat(day(slot)).as("New Year's Day is a public holiday").isEqualTo(newYear));
        assertThat(startsAt(free.get(0))).isEqualTo(berlin(newYear.plusDays(1), LocalTime.of(8, 0)));
        assertThat(api.get(ADMIN_OFFICES + "/" + id, ADMIN).json().get("closures").findValuesAsString("day"))
                .as("the new year's holidays are known").contains(newYear.toString());
        JsonNode held = reserve(resident(), free.get(0).get("id").asText()).json();
        assertThat(OffsetDateTime.parse(held.get("holdUntil").asText()))
                .isEqualTo(OffsetDateTime.of(LocalDateTime.of(newYear, LocalTime.of(0, 5)), WINTER));

        LocalDate fifteenDaysOn = newYearsEve.plusDays(15);
        assertThat(slots(service, id, fifteenDaysOn, fifteenDaysOn)).as("released on New Year's Day at 07:00").isEmpty();
        CLOCK.set(berlin(newYear, LocalTime.of(7, 0)));
        assertThat(slots(service, id, fifteenDaysOn, fifteenDaysOn)).hasSize(16);
    }

    @Test
    void onTheNightOfTheSwitchToSummerTimeSlotsHoldsAndReleasesKeepTheirLocalTimes() {
        Instant switchToSummerTime = nextSwitchToSummerTime(CLOCK.instant());
        LocalDate sunday = LocalDate.ofInstant(switchToSummerTime, BERLIN);
        LocalDate saturday = sunday.minusDays(1);
        CLOCK.set(berlin(saturday, LocalTime.of(7, 0)));
        String service = "svc-" + UUID.randomUUID().toString().substring(0, 8);
        String id = office(service);

        List<JsonNode> beforeTheSwitch = slots(service, id, saturday, saturday);
        List<JsonNode> afterTheSwitch = slots(service, id, sunday, sunday);

        assertThat(beforeTheSwitch).hasSize(16);
        assertThat(offsetStart(beforeTheSwitch.get(0))).isEqualTo(OffsetDateTime.of(LocalDateTime.of(saturday, LocalTime.of(8, 0)), WINTER));
        assertThat(offsetStart(beforeTheSwitch.get(15))).isEqualTo(OffsetDateTime.of(LocalDateTime.of(saturday, LocalTime.of(11, 45)), WINTER));
        assertThat(afterTheSwitch).hasSize(16);
        assertThat(offsetStart(afterTheSwitch.get(0))).isEqualTo(OffsetDateTime.of(LocalDateTime.of(sunday, LocalTime.of(8, 0)), SUMMER));
        assertThat(offsetStart(afterTheSwitch.get(15))).isEqualTo(OffsetDateTime.of(LocalDateTime.of(sunday, LocalTime.of(11, 45)), SUMMER));

        // five minutes before the clocks go forward: a hold of 10 minutes ends at 03:05 summer time
        CLOCK.set(switchToSummerTime.minusSeconds(300));
        JsonNode held = reserve(resident(), afterTheSwitch.get(0).get("id").asText()).json();
        assertThat(OffsetDateTime.parse(held.get("holdUntil").asText()))
                .isEqualTo(OffsetDateTime.of(LocalDateTime.of(sunday, LocalTime.of(3, 5)), SUMMER));

        // the next day of the window is released at 07:00 summer time, not an hour early or late
        LocalDate released = sunday.plusDays(14);
        CLOCK.set(berlin(sunday, LocalTime.of(6, 59, 59)));
        assertThat(slots(service, id, released, released)).isEmpty();
        CLOCK.set(berlin(sunday, LocalTime.of(7, 0)));
        assertThat(slots(service, id, released, released)).hasSize(16);
    }

    private static Instant nextSwitchToSummerTime(Instant after) {
        ZoneOffsetTransition transition = BERLIN.getRules().nextTransition(after);
        while (!transition.isGap()) {
            transition = BERLIN.getRules().nextTransition(transition.getInstant());
        }
        return transition.getInstant();
    }
}
