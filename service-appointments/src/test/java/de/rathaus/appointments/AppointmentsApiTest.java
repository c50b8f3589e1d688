package de.rathaus.appointments;

import static org.assertj.core.api.Assertions.assertThat;

import de.rathaus.testsupport.ApiClient.Response;
import de.rathaus.testsupport.EventProbe;
import de.rathaus.testsupport.LocalPostgres;
import de.rathaus.testsupport.ServiceApiTest;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** One Spring context (and broker) for every appointments IT; a fresh database per test run. */
@EmbeddedKafka(partitions = 1)
abstract class AppointmentsApiTest extends ServiceApiTest {

    static final String MITTE = "0b0c0000-0000-4000-8000-000000000001";
    static final String WATTENSCHEID = "0b0c0000-0000-4000-8000-000000000002";
    static final String SOEST = "05e50000-0000-4000-8000-000000000001";
    static final String TOPIC = "rathaus.appointments.v1";
    private static final AtomicBoolean FRESH = new AtomicBoolean();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        if (FRESH.compareAndSet(false, true)) {
            LocalPostgres.dropDatabase("test_appointments");
        }
        register(registry, "test_appointments");
        registry.add("appointments.job-interval", () -> "PT0.5S");
        registry.add("appointments.links.secret", () -> "test-secret-test-secret-test-secret-0123456789");
    }

    @Autowired
    protected JdbcClient jdbc;

    static String citizen() {
        return tokens.citizen("citizen-" + UUID.randomUUID(), "bochum");
    }

    List<JsonNode> freeSlots(String token, String serviceType, String officeId) {
        LocalDate from = LocalDate.now();
        Response response = api.get("/api/v1/appointments/slots?serviceType=%s&from=%s&to=%s&size=200%s".formatted(serviceType, from,
                from.plusDays(40), officeId == null ? "" : "&officeId=" + officeId), token);
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

    int booked(String slotId) {
        return jdbc.sql("select booked from slot where id = cast(:id as uuid)").param("id", slotId).query(Integer.class).single();
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
