package de.rathaus.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import de.rathaus.notifications.contacts.Contact;
import de.rathaus.notifications.delivery.SimulatedSmsProvider;
import de.rathaus.testsupport.ApiClient.Response;
import de.rathaus.testsupport.EventSender;
import io.cloudevents.CloudEvent;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class NotificationsIT extends NotificationsApiTest {

    @Autowired
    SimulatedSmsProvider sms;

    static CloudEvent feeDue(String citizen, String applicationId) {
        return EventSender.event("de.rathaus.applications.FeeDue.v1", applicationId, "bochum", """
                {"applicationId": "%s", "citizenId": "%s", "serviceTypeKey": "meldebescheinigung", "amountCents": 1050,
                 "currency": "EUR", "description": "Meldebescheinigung", "refundOnRejection": false}""".formatted(applicationId, citizen));
    }

    static CloudEvent submitted(String citizen, String applicationId) {
        return EventSender.event("de.rathaus.applications.ApplicationSubmitted.v1", applicationId, "bochum", """
                {"applicationId": "%s", "citizenId": "%s", "serviceTypeKey": "meldebescheinigung"}""".formatted(applicationId, citizen));
    }

    static CloudEvent booked(String citizen, String guestContactId, String appointmentId) {
        return EventSender.event("de.rathaus.appointments.AppointmentBooked.v1", appointmentId, "bochum", """
                {"appointmentId": "%s", "citizenId": %s, "guestContactId": %s, "officeId": "%s", "officeName": "Bürgerbüro Mitte",
                 "officeAddress": "Willy-Brandt-Platz 2, 44787 Bochum", "serviceKey": "personalausweis",
                 "start": "2026-12-03T09:30:00+01:00", "end": "2026-12-03T09:45:00+01:00"}"""
                .formatted(appointmentId, citizen == null ? "null" : "\"" + citizen + "\"",
                        guestContactId == null ? "null" : "\"" + guestContactId + "\"", UUID.randomUUID()));
    }

    @Test
    void eventsBecomeOneInboxMessageEachForTheirCitizenOnlyAndTheInboxCanBeManaged() {
        String anna = "anna-" + UUID.randomUUID();
        String applicationId = UUID.randomUUID().toString();
        CloudEvent submitted = submitted(anna, applicationId);
        try (EventSender sender = new EventSender(brokers)) {
            sender.send("rathaus.applications.v1", submitted);
            sender.send("rathaus.applications.v1", submitted);
            sender.send("rathaus.applications.v1", feeDue(anna, applicationId));
            sender.send("rathaus.appointments.v1", booked(anna, null, UUID.randomUUID().toString()));
            String erased = UUID.randomUUID().toString();
            sender.send("rathaus.applications.v1", EventSender.event("de.rathaus.applications.ApplicationErased.v1", erased, "bochum",
                    "{\"applicationId\": \"%s\", \"citizenId\": \"%s\", \"serviceTypeKey\": \"x\"}".formatted(erased, anna)));
            sender.send("rathaus.applications.v1", submitted);
        }

        String token = tokens.citizen(anna, "bochum");
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/notifications/inbox", token).json().size() >= 3);
        Response page = api.get("/api/v1/notifications/inbox", token);
        JsonNode inbox = page.json();

        assertThat(inbox).hasSize(3);
        assertThat(page.header("X-Total-Count")).isEqualTo("3");
        assertThat(inbox.findValuesAsString("title")).containsExactlyInAnyOrder("Antrag eingegangen", "Gebühr fällig", "Termin gebucht");
        assertThat(inbox.findValuesAsString("body")).contains(
                "Für Ihren Antrag %s (Meldebescheinigung) ist eine Gebühr von 10,50 € fällig.".formatted(applicationId))
                .anySatisfy(body -> assertThat(body).startsWith("Ihr Termin am Donnerstag, 3. Dezember 2026 um 09:30 Uhr ist gebucht."));
        assertThat(inbox.findValuesAsString("eventId")).contains(submitted.getId());
        assertThat(api.get("/api/v1/notifications/inbox", tokens.citizen("ben", "bochum")).json().findValuesAsString("eventId"))
                .doesNotContain(submitted.getId());
        assertThat(api.get("/api/v1/notifications/inbox", tokens.citizen(anna, "soest")).json()).as("other tenant").isEmpty();
        assertThat(api.get("/api/v1/notifications/inbox?page=1&size=2", token).json()).hasSize(1);

        String messageId = inbox.get(0).get("id").asString();
        assertThat(inbox.get(0).get("read").asBoolean()).isFalse();
        assertThat(api.put("/api/v1/notifications/inbox/" + messageId + "/read", tokens.citizen("ben", "bochum"), "").status()).isEqualTo(404);
        assertThat(api.put("/api/v1/notifications/inbox/" + messageId + "/read", token, "").json().get("read").asBoolean()).isTrue();
        assertThat(api.get("/api/v1/notifications/inbox?unreadOnly=true", token).json()).hasSize(2);
        assertThat(delete("/api/v1/notifications/inbox/" + messageId + "/read", token).json().get("read").asBoolean()).isFalse();
        assertThat(delete("/api/v1/notifications/inbox/" + messageId, tokens.citizen("ben", "bochum")).status()).isEqualTo(404);
        assertThat(delete("/api/v1/notifications/inbox/" + messageId, token).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/notifications/inbox", token).json().findValuesAsString("id")).doesNotContain(messageId);
        assertThat(api.get("/api/v1/notifications/inbox?size=500", token).status()).isEqualTo(400);
    }

    @Test
    void erasingAnApplicationRemovesTheInboxMessagesAboutIt() {
        String citizen = "fritz-" + UUID.randomUUID();
        String erased = UUID.randomUUID().toString();
        String kept = UUID.randomUUID().toString();
        String paymentId = UUID.randomUUID().toString();
        String token = tokens.citizen(citizen, "bochum");
        try (EventSender sender = new EventSender(brokers)) {
            sender.send("rathaus.applications.v1", submitted(citizen, erased));
            sender.send("rathaus.applications.v1", submitted(citizen, kept));
            sender.send("rathaus.payments.v1", EventSender.event("de.rathaus.payments.PaymentSucceeded.v1", paymentId, "bochum", """
                    {"paymentId": "%s", "referenceKind": "APPLICATION", "referenceId": "%s", "citizenId": "%s", "amountCents": 1050, "currency": "EUR"}"""
                    .formatted(paymentId, erased, citizen)));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/notifications/inbox", token).json().size() == 3);
        try (EventSender sender = new EventSender(brokers)) {
            sender.send("rathaus.applications.v1", EventSender.event("de.rathaus.applications.ApplicationErased.v1", erased, "bochum",
                    "{\"applicationId\": \"%s\", \"citizenId\": \"erased\", \"serviceTypeKey\": \"x\"}".formatted(erased)));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/notifications/inbox", token).json().size() == 1);
        assertThat(api.get("/api/v1/notifications/inbox", token).json().get(0).get("body").asString()).contains(kept);
    }

    @Test
    void emailAndSmsGoOutOncePerEventAndChannelWithTrackingAndTheIcsForAppointments() throws Exception {
        String citizen = "carla-" + UUID.randomUUID();
        String email = citizen + "@rathaus.example";
        contacts.put("bochum/" + citizen, new Contact(email, "+4915112345678", "en", null));
        String token = tokens.citizen(citizen, "bochum");
        Response prefs = api.put("/api/v1/notifications/preferences", token, """
                {"channels": ["EMAIL", "SMS"], "language": "en", "optOuts": []}""");
        assertThat(prefs.status()).as(prefs.toString()).isEqualTo(200);

        String appointmentId = UUID.randomUUID().toString();
        CloudEvent booked = booked(citizen, null, appointmentId);
        try (EventSender sender = new EventSender(brokers)) {
            sender.send("rathaus.appointments.v1", booked);
            sender.send("rathaus.appointments.v1", booked);
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> statuses(token, booked.getId()).containsAll(List.of("INBOX:DELIVERED", "EMAIL:SENT", "SMS:DELIVERED")));
        assertThat(statuses(token, booked.getId())).hasSize(3);
        MimeMessage message = Arrays.stream(mail.getReceivedMessages())
                .filter(m -> addressedTo(m, email)).findFirst().orElseThrow();
        assertThat(message.getSubject()).isEqualTo("Appointment booked");
        String raw = raw(message);
        assertThat(raw).contains("text/plain").contains("text/html").contains("BEGIN:VCALENDAR")
                .contains("UID:" + appointmentId + "@digitales-rathaus.de");
        assertThat(collectParts(message)).anySatisfy(p -> assertThat(p).startsWith("text/calendar"));
        assertThat(sms.sent()).anySatisfy(s -> {
            assertThat(s.to()).isEqualTo("+4915112345678");
            assertThat(s.text()).isEqualTo("Appointment booked: Thursday, 3 December 2026, 09:30, Bürgerbüro Mitte");
        });
        assertThat(Arrays.stream(mail.getReceivedMessages()).filter(m -> addressedTo(m, email)).count()).as("one e-mail despite redelivery").isEqualTo(1);
    }

    @Test
    void optOutsAndPreferenceChangesAreAuditedAndApplied() {
        String citizen = "dora-" + UUID.randomUUID();
        contacts.put("bochum/" + citizen, new Contact(citizen + "@rathaus.example", null, null, null));
        String token = tokens.citizen(citizen, "bochum");
        assertThat(api.get("/api/v1/notifications/preferences", token).json().get("channels").toString()).contains("EMAIL");

        Response invalid = api.put("/api/v1/notifications/preferences", token, """
                {"channels": ["EMAIL"], "language": "de", "optOuts": ["everything"]}""");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.isProblem()).isTrue();
        assertThat(invalid.json().get("detail").asString()).contains("everything");

        assertThat(api.put("/api/v1/notifications/preferences", token, """
                {"channels": ["EMAIL"], "language": "de", "optOuts": ["payments"]}""").status()).isEqualTo(200);
        CLOCK.advance(Duration.ofMinutes(1)); // the audit lists the newest change first
        assertThat(api.put("/api/v1/notifications/preferences", token, """
                {"channels": ["EMAIL"], "language": "de-x-leichte-sprache", "optOuts": ["payments"]}""").status()).isEqualTo(200);
        JsonNode audit = api.get("/api/v1/notifications/preferences/audit", token).json();
        assertThat(audit).hasSize(2);
        assertThat(audit.get(0).get("before").get("language").asString()).isEqualTo("de");
        assertThat(audit.get(0).get("after").get("language").asString()).isEqualTo("de-x-leichte-sprache");
        assertThat(audit.get(0).get("changedBy").asString()).isEqualTo(citizen);
        assertThat(audit.get(1).get("after").get("optOuts").toString()).contains("payments");

        String paymentId = UUID.randomUUID().toString();
        CloudEvent paid = EventSender.event("de.rathaus.payments.PaymentSucceeded.v1", paymentId, "bochum", """
                {"paymentId": "%s", "referenceKind": "APPLICATION", "referenceId": "%s", "citizenId": "%s", "amountCents": 1050, "currency": "EUR"}"""
                .formatted(paymentId, UUID.randomUUID(), citizen));
        String applicationId = UUID.randomUUID().toString();
        CloudEvent submitted = submitted(citizen, applicationId);
        try (EventSender sender = new EventSender(brokers)) {
            sender.send("rathaus.payments.v1", paid);
            sender.send("rathaus.applications.v1", submitted);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> statuses(token, submitted.getId()).contains("EMAIL:SENT"));
        assertThat(statuses(token, paid.getId())).as("opted out of payment e-mails; the inbox keeps it").containsExactly("INBOX:DELIVERED");
        assertThat(api.get("/api/v1/notifications/inbox", token).json().findValuesAsString("title")).contains("Ihr Antrag ist da");
    }

    @Test
    void guestsAreMailedAtTheAddressServiceAppointmentsKnowsWithTheirManageLink() throws Exception {
        String guest = UUID.randomUUID().toString();
        String email = "guest-" + guest + "@example.org";
        contacts.put("guest/" + guest, new Contact(email, null, "de", "https://portal.example/termine/verwalten?token=abc"));
        CloudEvent booked = booked(null, guest, UUID.randomUUID().toString());
        try (EventSender sender = new EventSender(brokers)) {
            sender.send("rathaus.appointments.v1", booked);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> Arrays.stream(mail.getReceivedMessages()).anyMatch(m -> addressedTo(m, email)));
        MimeMessage message = Arrays.stream(mail.getReceivedMessages()).filter(m -> addressedTo(m, email)).findFirst().orElseThrow();
        assertThat(message.getSubject()).isEqualTo("Termin gebucht");
        assertThat(collectParts(message)).anySatisfy(p -> assertThat(p).contains("https://portal.example/termine/verwalten?token=abc"));
    }

    private List<String> statuses(String token, String eventId) {
        List<String> result = new ArrayList<>();
        api.get("/api/v1/notifications/notifications?eventId=" + eventId, token).json()
                .forEach(n -> result.add(n.get("channel").asString() + ":" + n.get("status").asString()));
        return result;
    }

    private Response delete(String path, String token) {
        return api.send(api.request(path, token).DELETE(), java.util.Map.of());
    }

    static boolean addressedTo(MimeMessage message, String email) {
        try {
            return message.getAllRecipients() != null && Arrays.stream(message.getAllRecipients()).anyMatch(a -> a.toString().equals(email));
        } catch (Exception e) {
            return false;
        }
    }

    static String raw(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    static List<String> collectParts(MimeMessage message) throws Exception {
        List<String> types = new ArrayList<>();
        collect((MimeMultipart) message.getContent(), types);
        return types;
    }

    private static void collect(MimeMultipart multipart, List<String> types) throws Exception {
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            types.add(part.getContentType());
            if (part.getContent() instanceof MimeMultipart nested) {
                collect(nested, types);
            } else if (part.getContent() instanceof String text) {
                types.add(text);
            }
        }
    }
}
