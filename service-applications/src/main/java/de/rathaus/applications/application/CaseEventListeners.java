package de.rathaus.applications.application;

import de.rathaus.contracts.events.EventTypes;
import de.rathaus.contracts.events.Topics;
import de.rathaus.platform.events.CloudEventExtensions;
import de.rathaus.platform.events.IdempotentConsumer;
import io.cloudevents.CloudEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reactions to other services' events, each once per event id (IdempotentConsumer), scoped by the event's tenant
 * and the application's citizen. Payloads are read as trees by the agreed field names (common contract), so a
 * producer adding optional fields never breaks this consumer.
 */
@Component
class CaseEventListeners {

    private final IdempotentConsumer consumer;
    private final FeesAndAppointments cases;
    private final JsonMapper json;

    CaseEventListeners(IdempotentConsumer consumer, FeesAndAppointments cases, JsonMapper json) {
        this.consumer = consumer;
        this.cases = cases;
        this.json = json;
    }

    @KafkaListener(topics = Topics.PAYMENTS)
    void onPayment(CloudEvent event) {
        if (!EventTypes.PAYMENT_SUCCEEDED.equals(event.getType())) {
            return;
        }
        consumer.handle("applications.payments", event, e -> {
            JsonNode data = data(e);
            if (!"APPLICATION".equals(data.path("referenceKind").asString(""))) {
                return;
            }
            cases.feePaid(CloudEventExtensions.tenant(e), UUID.fromString(data.path("referenceId").asString()),
                    data.path("citizenId").asString(null));
        });
    }

    @KafkaListener(topics = Topics.APPOINTMENTS)
    void onAppointment(CloudEvent event) {
        String type = event.getType();
        if (!EventTypes.APPOINTMENT_BOOKED.equals(type) && !EventTypes.APPOINTMENT_RESCHEDULED.equals(type)
                && !EventTypes.APPOINTMENT_CANCELLED.equals(type)) {
            return;
        }
        consumer.handle("applications.appointments", event, e -> {
            JsonNode data = data(e);
            String applicationId = data.path("applicationId").asString(null);
            if (applicationId == null || applicationId.isBlank()) {
                return; // an appointment without an application
            }
            String tenant = CloudEventExtensions.tenant(e);
            String citizenId = data.path("citizenId").asString(null);
            UUID appointmentId = UUID.fromString(data.path("appointmentId").asString());
            String start = data.path("start").asString(null);
            Instant startsAt = start == null ? null : OffsetDateTime.parse(start).toInstant();
            if (EventTypes.APPOINTMENT_CANCELLED.equals(type)) {
                cases.appointmentCancelled(tenant, UUID.fromString(applicationId), citizenId, appointmentId, startsAt);
            } else {
                cases.appointmentBooked(tenant, UUID.fromString(applicationId), citizenId, appointmentId, startsAt);
            }
        });
    }

    private JsonNode data(CloudEvent event) {
        if (event.getData() == null) {
            throw new IllegalArgumentException("Event " + event.getId() + " has no data");
        }
        return json.readTree(event.getData().toBytes());
    }
}
