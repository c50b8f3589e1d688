package de.rathaus.appointments.office;

import java.time.Instant;
import java.util.UUID;

/** A bookable period of an office for one service; {@code capacity} citizens can be served in parallel. */
public record Slot(UUID id, UUID officeId, String serviceType, Instant startsAt, Instant endsAt, int capacity, int booked) {

    public int freeCapacity() {
        return capacity - booked;
    }
}
