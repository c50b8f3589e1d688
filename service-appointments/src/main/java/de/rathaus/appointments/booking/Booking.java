package de.rathaus.appointments.booking;

import java.time.Instant;
import java.util.UUID;

/** A citizen's booking of one place in a slot. */
public record Booking(UUID id, String tenant, String citizenId, UUID slotId, UUID officeId, String serviceType,
                      Instant startsAt, BookingStatus status, Instant createdAt) {

    public enum BookingStatus { BOOKED, CANCELLED }
}
