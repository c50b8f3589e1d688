package de.rathaus.applications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import de.rathaus.testsupport.ApiClient.Response;
import de.rathaus.testsupport.EventSender;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The other services' side simulated with events: payments (PaymentSucceeded) and appointments (booking reference). */
class PaymentAndAppointmentEventsIT extends ApplicationsTestBase {

    static final String PAYMENTS = "rathaus.payments.v1";
    static final String APPOINTMENTS = "rathaus.appointments.v1";
    final String anna = newCitizen();

    CloudEvent paymentSucceeded(String applicationId, String citizenId, String tenant) {
        String paymentId = UUID.randomUUID().toString();
        return EventSender.event("de.rathaus.payments.PaymentSucceeded.v1", paymentId, tenant, """
                {"paymentId": "%s", "referenceKind": "APPLICATION", "referenceId": "%s", "citizenId": "%s",
                 "amountCents": 1000, "currency": "EUR"}""".formatted(paymentId, applicationId, citizenId));
    }

    String status(String id) {
        return api.get("/api/v1/applications/" + id, citizen(anna)).json().get("status").asText();
    }

    @Test
    void paymentMovesTheCaseOnOnceAndARejectionAfterPaymentRequestsTheRefund() {
        String id = submitted(citizen(anna), MELDEBESCHEINIGUNG);
        String other = submitted(citizen(anna), MELDEBESCHEINIGUNG);
        assertThat(status(id)).isEqualTo("AWAITING_PAYMENT");

        CloudEvent paid = paymentSucceeded(id, anna, "bochum");
        try (EventSender sender = new EventSender(brokers)) {
            sender.send(PAYMENTS, paymentSucceeded(other, anna, "soest")); // wrong tenant: ignored
            sender.send(PAYMENTS, paymentSucceeded(other, "citizen-mallory", "bochum")); // wrong payer: ignored
            sender.send(PAYMENTS, paid);
            sender.send(PAYMENTS, paid); // redelivery
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("SUBMITTED"));
        JsonNode application = api.get("/api/v1/applications/" + id, citizen(anna)).json();
        assertThat(application.get("feePaid").asBoolean()).isTrue();
        assertThat(application.get("dueDate").asText()).as("the clock starts with the payment").isNotBlank();
        JsonNode changed = data(awaitEvent(id, "ApplicationStatusChanged.v1"));
        assertThat(changed.get("from").asText()).isEqualTo("AWAITING_PAYMENT");
        assertThat(changed.get("to").asText()).isEqualTo("SUBMITTED");
        assertThat(changed.get("changedBy").asText()).isEqualTo("system");
        assertThat(api.get("/api/v1/applications/" + id + "/history", citizen(anna)).json().findValuesAsString("status"))
                .containsExactly("AWAITING_PAYMENT", "SUBMITTED");
        assertThat(status(other)).isEqualTo("AWAITING_PAYMENT");

        String clara = clerk("clerk-clara", "bochum", "buergerbuero");
        assertThat(write("PUT", "/api/v1/applications/backoffice/applications/" + id + "/assignment", clara, "{}", etag(id, clara))
                .status()).isEqualTo(200);
        Response rejected = write("POST", "/api/v1/applications/backoffice/applications/" + id + "/decision", clara,
                "{\"decision\": \"REJECTED\", \"reason\": \"Keine Meldung in Bochum\"}", etag(id, clara));
        assertThat(rejected.status()).as(rejected.toString()).isEqualTo(200);
        JsonNode refund = data(awaitEvent(id, "RefundRequested.v1"));
        assertThat(refund.has("amountCents")).as("absent = everything still refundable").isFalse();
        assertThat(refund.get("citizenId").asText()).isEqualTo(anna);
        assertThat(refund.get("reason").asText()).isNotBlank();
    }

    @Test
    void aRejectionWithoutPaymentRequestsNoRefund() {
        String id = submitted(citizen(anna), GEWERBE); // fee due but processing does not wait for it
        String gerd = clerk("clerk-gerd", "bochum", "gewerbe");
        Response rejected = write("POST", "/api/v1/applications/backoffice/applications/" + id + "/decision", gerd,
                "{\"decision\": \"REJECTED\", \"reason\": \"Erlaubnispflichtiges Gewerbe\"}", etag(id, gerd));
        assertThat(rejected.status()).as(rejected.toString()).isEqualTo(200);
        assertThat(outboxTypes(id)).doesNotContain("de.rathaus.applications.RefundRequested.v1")
                .contains("de.rathaus.applications.ApplicationDecided.v1");
    }

    CloudEvent appointment(String type, String appointmentId, String applicationId, String citizenId, String start) {
        return EventSender.event("de.rathaus.appointments." + type + ".v1", appointmentId, "bochum", """
                {"appointmentId": "%s", "citizenId": "%s", "guestContactId": null, "officeId": "%s",
                 "officeName": "Bürgerbüro Mitte", "officeAddress": "Willy-Brandt-Platz 2, 44787 Bochum",
                 "serviceKey": "gewerbeanmeldung", "start": "%s", "end": "2030-05-06T10:15:00+02:00",
                 "applicationId": "%s", "previousStart": "2030-05-05T10:00:00+02:00"}"""
                .formatted(appointmentId, citizenId, UUID.randomUUID(), start, applicationId));
    }

    @Test
    void aBookingForTheApplicationIsRecordedOnlyForItsOwnApplicant() {
        String id = submitted(citizen(anna), GEWERBE);
        String appointmentId = UUID.randomUUID().toString();
        String foreign = UUID.randomUUID().toString();
        try (EventSender sender = new EventSender(brokers)) {
            sender.send(APPOINTMENTS, appointment("AppointmentBooked", foreign, id, "citizen-mallory", "2030-05-06T10:00:00+02:00"));
            sender.send(APPOINTMENTS, appointment("AppointmentBooked", appointmentId, id, anna, "2030-05-06T10:00:00+02:00"));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/applications/" + id, citizen(anna)).json().hasNonNull("appointmentId"));
        JsonNode booked = api.get("/api/v1/applications/" + id, citizen(anna)).json();
        assertThat(booked.get("appointmentId").asText()).isEqualTo(appointmentId);
        assertThat(booked.get("appointmentStart").asText()).isEqualTo("2030-05-06T08:00:00Z");

        try (EventSender sender = new EventSender(brokers)) {
            sender.send(APPOINTMENTS, appointment("AppointmentRescheduled", appointmentId, id, anna, "2030-05-07T09:00:00+02:00"));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> "2030-05-07T07:00:00Z".equals(
                api.get("/api/v1/applications/" + id, citizen(anna)).json().path("appointmentStart").asText()));

        try (EventSender sender = new EventSender(brokers)) {
            sender.send(APPOINTMENTS, appointment("AppointmentCancelled", appointmentId, id, anna, "2030-05-07T09:00:00+02:00"));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> !api.get("/api/v1/applications/" + id, citizen(anna)).json().hasNonNull("appointmentId"));
        assertThat(api.get("/api/v1/applications/" + id + "/timeline", citizen(anna)).json().findValuesAsString("kind"))
                .contains("APPOINTMENT_BOOKED", "APPOINTMENT_CANCELLED");
    }

    @Test
    void aServiceNeedingAPersonalAppointmentIsApprovedOnlyOnceOneIsBooked() {
        String admin = tokens.token("admin-teststadt", "teststadt", java.util.List.of("admin"));
        Response published = api.post("/api/v1/applications/admin/service-types", admin, """
                {"key": "personalausweis", "leikaKey": "99102013000000", "nameDe": "Personalausweis beantragen",
                 "nameEn": "Identity card application", "processingDays": 21, "orgUnit": "buergerbuero",
                 "retentionDays": 365, "appointmentRequired": true, "requiredDocuments": ["lichtbild"],
                 "feeRule": {"type": "FIXED", "amountCents": 0},
                 "formSchema": {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"}}""");
        assertThat(published.status()).as(published.toString()).isEqualTo(201);
        assertThat(published.json().get("appointmentRequired").asBoolean()).isTrue();
        String citizen = tokens.citizen(anna, "teststadt");
        String id = submitted(citizen, "{\"serviceType\": \"personalausweis\", \"formData\": {}}");
        String clerk = clerk("clerk-tim", "teststadt", "buergerbuero");
        assertThat(write("PUT", "/api/v1/applications/backoffice/applications/" + id + "/assignment", clerk, "{}",
                etag(id, clerk)).status()).as("a clerk approves a case in review").isEqualTo(200);
        String path = "/api/v1/applications/backoffice/applications/" + id + "/decision";
        String approve = "{\"decision\": \"APPROVED\", \"reason\": \"Identität geprüft\"}";

        Response early = write("POST", path, clerk, approve, etag(id, clerk));
        assertThat(early.status()).as(early.toString()).isEqualTo(409);
        assertThat(early.json().get("detail").asText()).contains("appointment");

        String appointmentId = UUID.randomUUID().toString();
        try (EventSender sender = new EventSender(brokers)) {
            sender.send(APPOINTMENTS, EventSender.event("de.rathaus.appointments.AppointmentBooked.v1", appointmentId,
                    "teststadt", """
                    {"appointmentId": "%s", "citizenId": "%s", "officeId": "%s", "officeName": "Bürgerbüro",
                     "officeAddress": "Markt 1", "serviceKey": "personalausweis", "start": "2030-05-06T10:00:00+02:00",
                     "end": "2030-05-06T10:15:00+02:00", "applicationId": "%s"}"""
                            .formatted(appointmentId, anna, UUID.randomUUID(), id)));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/applications/" + id, citizen).json()
                .hasNonNull("appointmentId"));
        Response approved = write("POST", path, clerk, approve, etag(id, clerk));
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(approved.json().get("status").asText()).isEqualTo("APPROVED");
    }
}
