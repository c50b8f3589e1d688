package de.rathaus.appointments;

import static org.assertj.core.api.Assertions.assertThat;

import de.rathaus.appointments.booking.HoldExpiry;
import de.rathaus.appointments.booking.Reminders;
import de.rathaus.appointments.office.PublicHolidays;
import de.rathaus.appointments.office.SlotGenerator;
import de.rathaus.appointments.waitlist.ReleasedDays;
import de.rathaus.testsupport.ApiClient.Response;
import de.rathaus.testsupport.EventProbe;
import de.rathaus.testsupport.LocalPostgres;
import de.rathaus.testsupport.ServiceApiTest;
import de.rathaus.testsupport.TestClock;
import io.cloudevents.CloudEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * One Spring context (and broker) for every appointments IT; a fresh database per test run. The service's clock is
 * {@link #CLOCK}: every test starts on a Wednesday 09:00 in Berlin that is no public holiday, whatever the real date
 * and hour, picks its slots and times relative to it and moves it on instead of waiting. The scheduler is off: a test
 * runs the jobs (hold expiry, reminders, released days, slot generation) itself, so none runs between its steps.
 */
@EmbeddedKafka(partitions = 1)
@Import(AppointmentsApiTest.ServiceClock.class)
abstract class AppointmentsApiTest extends ServiceApiTest {

    static final String MITTE = "0b0c0000-0000-4000-8000-000000000001";
    static final String WATTENSCHEID = "0b0c0000-0000-4000-8000-000000000002";
    static final String SOEST = "05e50000-0000-4000-8000-000000000001";
    static final String TOPIC = "rathaus.appointments.v1";
    static final String ADMIN_OFFICES = "/api/v1/appointments/admin/offices";
    static final String ALL_WEEK_MORNINGS = """
            [{"dayOfWeek": 1, "opens": "08:00", "closes": "12:00"}, {"dayOfWeek": 2, "opens": "08:00", "closes": "12:00"},
             {"dayOfWeek": 3, "opens": "08:00", "closes": "12:00"}, {"dayOfWeek": 4, "opens": "08:00", "closes": "12:00"},
             {"dayOfWeek": 5, "opens": "08:00", "closes": "12:00"}, {"dayOfWeek": 6, "opens": "08:00", "closes": "12:00"},
             {"dayOfWeek": 7, "opens": "08:00", "closes": "12:00"}]""";
    static final ZoneId BERLIN = TestClock.BERLIN;
    /** The service's clock, set back to {@link #START} before every test. */
    static final TestClock CLOCK = TestClock.standard();
    /** A Wednesday 09:00 in Berlin, one to two weeks ahead of the real date and no public holiday in the offices' state. */
    static final Instant START = workingWednesday(CLOCK);
    private static final AtomicBoolean FRESH = new AtomicBoolean();
    private static final AtomicBoolean RELEASES_CAUGHT_UP = new AtomicBoolean();

    @TestConfiguration(proxyBeanMethods = false)
    static class ServiceClock {

        @Bean
        @Primary
        Clock clock() {
            return CLOCK;
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        if (FRESH.compareAndSet(false, true)) {
            LocalPostgres.dropDatabase("test_appointments");
        }
        register(registry, "test_appointments");
        registry.add("rathaus.appointments.jobs.enabled", () -> "false");
    }

    private static Instant workingWednesday(TestClock clock) {
        PublicHolidays holidays = new PublicHolidays();
        LocalDate day = clock.todayInBerlin();
        while (!holidays.between("nw", day, day).isEmpty()) {
            day = day.plusWeeks(1);
        }
        Instant start = ZonedDateTime.of(day, LocalTime.of(9, 0), BERLIN).toInstant();
        clock.set(start);
        return start;
    }

    @Autowired
    protected JdbcClient jdbc;
    @Autowired
    protected HoldExpiry holdExpiry;
    @Autowired
    protected Reminders reminders;
    @Autowired
    protected ReleasedDays releasedDays;
    @Autowired
    protected SlotGenerator slotGenerator;

    @BeforeEach
    void startOnWednesdayMorning() {
        CLOCK.set(START);
        if (RELEASES_CAUGHT_UP.compareAndSet(false, true)) {
            // the migrations set the seeded offices' release watermark by the database server's date; the first run
            // brings it to the test clock's, before anybody waits, so that no test's waiter is told of those days
            releasedDays.run();
        }
    }

    static String citizen() {
        return tokens.citizen("citizen-" + UUID.randomUUID(), "bochum");
    }

    static Instant startsAt(JsonNode slotOrAppointment) {
        return OffsetDateTime.parse(slotOrAppointment.get("startsAt").asText()).toInstant();
    }

    static LocalDate day(JsonNode slotOrAppointment) {
        return LocalDate.ofInstant(startsAt(slotOrAppointment), BERLIN);
    }

    /** Up to 200 free starts of the next 40 days (the booking window ends before), at one office or all if null. */
    List<JsonNode> freeSlots(String token, String serviceType, String officeId) {
        LocalDate today = CLOCK.todayInBerlin();
        return freeSlots(token, serviceType, officeId, today, today.plusDays(40));
    }

    List<JsonNode> freeSlots(String token, String serviceType, String officeId, LocalDate from, LocalDate to) {
        Response response = api.get("/api/v1/appointments/slots?serviceType=%s&from=%s&to=%s&size=200%s".formatted(serviceType, from,
                to, officeId == null ? "" : "&officeId=" + officeId), token);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<JsonNode> slots = new ArrayList<>();
        response.json().get("items").forEach(slots::add);
        return slots;
    }

    Response reserve(String token, String slotId) {
        return api.post("/api/v1/appointments/bookings", token, "{\"slotId\": \"%s\"}".formatted(slotId));
    }

    /** Reserves and confirms; returns the appointment. */
    JsonNode book(String token, String slotId) {
        Response reserved = reserve(token, slotId);
        assertThat(reserved.status()).as(reserved.toString()).isEqualTo(201);
        Response confirmed = api.post("/api/v1/appointments/bookings/%s/confirm".formatted(reserved.json().get("id").asText()), token, "");
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        return confirmed.json();
    }

    /** An office's settings: in North Rhine-Westphalia, a hold of 10 minutes, bookable from today. */
    static String officeSettings(String name, int counters, int latestDays, String releaseTime) {
        return """
                {"name": "%s", "address": "Rathausplatz 1, 44787 Bochum", "latitude": 51.48, "longitude": 7.21,
                 "accessibility": "Step-free entrance", "stepFree": true, "federalState": "nw", "counters": %d,
                 "holdMinutes": 10, "waitlistMode": "FIRST_COME",
                 "bookingWindow": {"earliestDays": 0, "latestDays": %d, "releaseTime": "%s"}}"""
                .formatted(name, counters, latestDays, releaseTime);
    }

    /** A fresh office of the admin's municipality offering {@code service} (capacity, one unit) every morning; its id. */
    String createOffice(String admin, String settings, String service, int capacity) {
        Response created = api.post(ADMIN_OFFICES, admin, """
                {"settings": %s, "slotMinutes": 15, "services": [{"key": "%s", "capacity": %d, "durationSlots": 1}],
                 "openingHours": %s}""".formatted(settings, service, capacity, ALL_WEEK_MORNINGS));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    String status(String token, String appointmentId) {
        return api.get("/api/v1/appointments/bookings/" + appointmentId, token).json().get("status").asText();
    }

    int booked(String slotId) {
        return jdbc.sql("select booked from slot where id = cast(:id as uuid)").param("id", slotId).query(Integer.class).single();
    }

    /** How many events of the type were recorded with the key (in the outbox: also those not yet relayed). */
    int recordedEvents(String key, String type) {
        return jdbc.sql("select count(*) from outbox_event where message_key = :key and event_type = :type")
                .param("key", key).param("type", "de.rathaus.appointments." + type + ".v1").query(Integer.class).single();
    }

    CloudEvent awaitEvent(String key, String type) {
        try (EventProbe probe = new EventProbe(brokers, TOPIC)) {
            return probe.await(r -> key.equals(r.key()) && r.value().getType().equals("de.rathaus.appointments." + type + ".v1"),
                    Duration.ofSeconds(20)).orElseThrow(() -> new AssertionError("no " + type + " for " + key)).value();
        }
    }

    JsonNode data(CloudEvent event) {
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(event.getData().toBytes());
    }
}
