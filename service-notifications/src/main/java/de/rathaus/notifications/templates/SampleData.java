package de.rathaus.notifications.templates;

import java.util.HashMap;
import java.util.Map;

/**
 * Sample payload used to validate and preview templates: one value for every field of the catalog's payloads
 * (ids only, as in real events), so a template that renders here renders for every event of its type.
 */
public final class SampleData {

    private SampleData() {
    }

    public static Map<String, Object> payload() {
        Map<String, Object> data = new HashMap<>();
        data.put("applicationId", "3f1c2b9e-7d4a-4c1e-9b0a-2d6f5e8a1c47");
        data.put("citizenId", "5b2e8d1a-0c3f-4e7b-a9d6-1f4c8e2b7a90");
        data.put("serviceTypeKey", "meldebescheinigung");
        data.put("from", "SUBMITTED");
        data.put("to", "IN_REVIEW");
        data.put("status", "IN_REVIEW");
        data.put("answerDueDate", "2026-12-15");
        data.put("decision", "APPROVED");
        data.put("deemedApproval", false);
        data.put("dueDate", "2026-12-31");
        data.put("orgUnit", "Bürgerbüro Mitte");
        data.put("amountCents", 1050);
        data.put("currency", "EUR");
        data.put("description", "Meldebescheinigung");
        data.put("refundOnRejection", true);
        data.put("reason", "Antrag abgelehnt");
        data.put("paymentId", "8c7b6a59-4d3e-4f21-8a0b-9c8d7e6f5a41");
        data.put("referenceKind", "APPLICATION");
        data.put("referenceId", "3f1c2b9e-7d4a-4c1e-9b0a-2d6f5e8a1c47");
        data.put("failureCode", "card_declined");
        data.put("refundId", "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d");
        data.put("refundAmountCents", 1050);
        data.put("remainingRefundableCents", 0);
        data.put("appointmentId", "0d9c8b7a-6f5e-4d3c-2b1a-0f9e8d7c6b5a");
        data.put("guestContactId", null);
        data.put("officeId", "7e6d5c4b-3a29-4187-a6b5-c4d3e2f1a0b9");
        data.put("officeName", "Bürgerbüro Mitte");
        data.put("officeAddress", "Willy-Brandt-Platz 2–6, 44787 Bochum");
        data.put("serviceKey", "personalausweis");
        data.put("start", "2026-12-03T09:30:00+01:00");
        data.put("end", "2026-12-03T09:45:00+01:00");
        data.put("previousStart", "2026-12-01T11:00:00+01:00");
        data.put("previousEnd", "2026-12-01T11:15:00+01:00");
        data.put("holdUntil", "2026-11-30T12:15:00+01:00");
        data.put("cancelledBy", "CITIZEN");
        data.put("waitlistEntryId", "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f");
        data.remove("guestContactId");
        return data;
    }

    public static Map<String, Object> event(String eventType) {
        return Map.of("id", "00000000-0000-4000-8000-000000000000", "type", eventType,
                "subject", "3f1c2b9e-7d4a-4c1e-9b0a-2d6f5e8a1c47", "tenant", "bochum", "time", "2026-11-23T10:00:00Z");
    }
}
