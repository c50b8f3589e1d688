package de.rathaus.applications.application;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** An application (Antrag) of a citizen for a catalog service of their municipality. */
public record Application(UUID id, String tenant, String citizenId, String serviceType, ApplicationStatus status,
                          Map<String, Object> formData, long feeAmountCents, Instant submittedAt, Instant updatedAt,
                          int version) {

    public boolean belongsTo(String tenant, String citizenId) {
        return this.tenant.equals(tenant) && this.citizenId.equals(citizenId);
    }
}
