package de.rathaus.appointments;

import static org.assertj.core.api.Assertions.assertThat;

import de.rathaus.testsupport.ApiClient;
import de.rathaus.testsupport.ApiClient.Response;
import de.rathaus.testsupport.EventProbe;
import de.rathaus.testsupport.ServiceApiTest;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

@EmbeddedKafka(partitions = 1)
class AppointmentsIT extends ServiceApiTest {

    static final String WATTENSCHEID = "0b0c0000-0000-4000-8000-000000000002";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        register(registry, "test_appointments");
    }

    @Autowired
    JdbcClient jdbc;
    List<JsonNode> freeSlots(String token, String serviceType, String officeId) {
        LocalDate from = LocalDate.now();
        Response response = api.get("/api/v1/appointments/slots?serviceType=%s&from=%s&to=%s%s".formatted(serviceType, from,
                from.plusDays(20), officeId == null ? "" : "&officeId=" + officeId), token);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<JsonNode> slots = new ArrayList<>();
        response.json().forEach(slots::add);
        return slots;
    }

    @Test
    void officesAndSlotsAreScopedToTheTenant() {
        JsonNode bochum = api.get("/api/v1/appointments/offices", tokens.citizen("anna", "bochum")).json();
        assertThat(bochum.findValuesAsString("name")).containsExactly("Bürgerbüro Bochum-Mitte", "Bürgerbüro Wattenscheid");
        JsonNode soest = api.get("/api/v1/appointments/offices", tokens.citizen("sophie", "soest")).json();
        assertThat(soest.findValuesAsString("name")).containsExactly("Bürgerbüro Soest");

        List<JsonNode> slots = freeSlots(tokens.citizen("anna", "bochum"), "personalausweis", null);
        assertThat(slots).isNotEmpty();
        assertThat(slots).allSatisfy(s -> assertThat(s.get("officeId").asText()).startsWith("0b0c"));
        assertThat(freeSlots(tokens.citizen("anna", "bochum"), "gewerbeanmeldung", null)).as("only Soest offers it").isEmpty();
    }

    @Test
    void aCitizenBooksASlotAndTheEventIsPublished() {
        String anna = "anna-" + UUID.randomUUID();
        String token = tokens.citizen(anna, "bochum");
        JsonNode slot = freeSlots(token, "meldebescheinigung", null).get(0);

        Response booked = api.post("/api/v1/appointments/bookings", token, "{\"slotId\": \"%s\"}".formatted(slot.get("id").asText()));

        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        String bookingId = booked.json().get("id").asText();
        assertThat(booked.json().get("startsAt").asText()).isEqualTo(slot.get("startsAt").asText());
        assertThat(api.get("/api/v1/appointments/bookings", token).json().findValuesAsString("id")).containsExactly(bookingId);
        assertThat(api.get("/api/v1/appointments/bookings/" + bookingId, tokens.citizen("ben", "bochum")).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/appointments/bookings", token, "{\"slotId\": \"%s\"}".formatted(slot.get("id").asText())).status())
                .as("same citizen, same slot").isEqualTo(409);
        try (EventProbe probe = new EventProbe(brokers, "rathaus.appointments.v1")) {
            CloudEvent event = probe.await(r -> bookingId.equals(r.key()), Duration.ofSeconds(20)).orElseThrow().value();
            assertThat(event.getType()).isEqualTo("de.rathaus.appointments.AppointmentBooked.v1");
        }
    }

    @Test
    void aSlotIsNeverBookedBeyondItsCapacityUnderConcurrency() throws Exception {
        List<JsonNode> slots = freeSlots(tokens.citizen("x", "bochum"), "personalausweis", WATTENSCHEID);
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            for (int round = 0; round < 5; round++) {
                String slotId = slots.get(round).get("id").asText();
                int capacity = slots.get(round).get("freeCapacity").asInt();
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> results = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    String token = tokens.citizen("racer-" + round + "-" + i, "bochum");
                    results.add(pool.submit(() -> {
                        start.await();
                        return api.post("/api/v1/appointments/bookings", token, "{\"slotId\": \"%s\"}".formatted(slotId)).status();
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
                assertThat(conflicts).isEqualTo(12 - capacity);
                assertThat(jdbc.sql("select count(*) from booking where slot_id = cast(:id as uuid)").param("id", slotId)
                        .query(Integer.class).single()).isEqualTo(capacity);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badRequestsAreExplained() {
        String token = tokens.citizen("anna", "bochum");
        Response unknownSlot = api.post("/api/v1/appointments/bookings", token, "{\"slotId\": \"%s\"}".formatted(UUID.randomUUID()));
        assertThat(unknownSlot.status()).isEqualTo(404);
        assertThat(unknownSlot.isProblem()).isTrue();

        String soestSlot = freeSlots(tokens.citizen("sophie", "soest"), "personalausweis", null).get(0).get("id").asText();
        assertThat(api.post("/api/v1/appointments/bookings", token, "{\"slotId\": \"%s\"}".formatted(soestSlot)).status())
                .as("another municipality's slot").isEqualTo(404);

        LocalDate today = LocalDate.now();
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
}
