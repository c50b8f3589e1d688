package de.rathaus.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import de.rathaus.testsupport.EventSender;
import de.rathaus.testsupport.ServiceApiTest;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

@EmbeddedKafka(partitions = 1, topics = {"rathaus.applications.v1", "rathaus.payments.v1", "rathaus.appointments.v1"})
class InboxIT extends ServiceApiTest {


    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        register(registry, "test_notifications");
    }

    @Test
    void eventsBecomeOneInboxMessageEachForTheirCitizenOnly() {
        String anna = "anna-" + UUID.randomUUID();
        String applicationId = UUID.randomUUID().toString();
        String paymentId = UUID.randomUUID().toString();
        String bookingId = UUID.randomUUID().toString();
        CloudEvent submitted = EventSender.event("de.rathaus.applications.ApplicationSubmitted.v1", applicationId, "bochum", """
                {"applicationId": "%s", "serviceType": "meldebescheinigung", "citizenId": "%s", "feeAmountCents": 1000, "currency": "EUR"}"""
                .formatted(applicationId, anna));
        try (EventSender sender = new EventSender(brokers)) {
            sender.send("rathaus.applications.v1", submitted);
            sender.send("rathaus.applications.v1", submitted);
            sender.send("rathaus.payments.v1", EventSender.event("de.rathaus.payments.PaymentRequested.v1", paymentId, "bochum", """
                    {"paymentId": "%s", "referenceKind": "APPLICATION", "referenceId": "%s", "citizenId": "%s", "amountCents": 1050, "currency": "EUR"}"""
                    .formatted(paymentId, applicationId, anna)));
            sender.send("rathaus.appointments.v1", EventSender.event("de.rathaus.appointments.AppointmentBooked.v1", bookingId, "bochum", """
                    {"bookingId": "%s", "slotId": "%s", "officeId": "%s", "serviceType": "personalausweis", "citizenId": "%s",
                     "startsAt": "2026-12-03T08:30:00Z"}""".formatted(bookingId, UUID.randomUUID(), UUID.randomUUID(), anna)));
            sender.send("rathaus.applications.v1", submitted);
        }

        String token = tokens.citizen(anna, "bochum");
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/notifications/inbox", token).json().size() >= 3);
        JsonNode inbox = api.get("/api/v1/notifications/inbox", token).json();

        assertThat(inbox).hasSize(3);
        assertThat(inbox.findValuesAsString("title")).containsExactlyInAnyOrder("Antrag eingegangen", "Gebühr fällig", "Termin gebucht");
        assertThat(inbox.findValuesAsString("body")).contains("Für Ihren Antrag %s ist eine Gebühr von 10,50 € fällig.".formatted(applicationId),
                "Ihr Termin am Donnerstag, 3. Dezember 2026 um 09:30 Uhr ist gebucht.");
        assertThat(inbox.findValuesAsString("eventId")).contains(submitted.getId());
        assertThat(api.get("/api/v1/notifications/inbox", tokens.citizen("ben", "bochum")).json().findValuesAsString("eventId"))
                .doesNotContain(submitted.getId());
        assertThat(api.get("/api/v1/notifications/inbox", tokens.citizen(anna, "soest")).json()).as("other tenant").isEmpty();

        String messageId = inbox.get(0).get("id").asText();
        assertThat(inbox.get(0).get("read").asBoolean()).isFalse();
        assertThat(api.put("/api/v1/notifications/inbox/" + messageId + "/read", tokens.citizen("ben", "bochum"), "").status()).isEqualTo(404);
        assertThat(api.put("/api/v1/notifications/inbox/" + messageId + "/read", token, "").json().get("read").asBoolean()).isTrue();
    }
}
