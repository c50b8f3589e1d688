package de.rathaus.appointments.booking;

import java.time.Instant;
import java.util.UUID;

/**
 * A citizen's or guest's appointment: one place in {@code slotCount} consecutive slot units of an office and
 * service, from {@code startsAt} to {@code endsAt}. Exactly one of {@code citizenId} and {@code guestContactId} is
 * set.
 */
public record Appointment(UUID id, String tenant, String citizenId, UUID guestContactId, UUID officeId, String officeName,
                          String officeAddress, Double latitude, Double longitude, String serviceType, UUID slotId,
                          Instant startsAt, Instant endsAt, int slotCount, Status status, Instant holdUntil,
                          UUID applicationId, Instant checkedInAt, Integer counter, int version, Instant createdAt) {

    public enum Status { RESERVED, BOOKED, CHECKED_IN, CALLED, NO_SHOW, CANCELLED, EXPIRED }

    public boolean isGuest() {
        return guestContactId != null;
    }

    public boolean isOpen() {
        return status == Status.RESERVED || status == Status.BOOKED;
    }
}
