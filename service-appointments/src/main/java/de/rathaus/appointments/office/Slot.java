package de.rathaus.appointments.office;

import java.time.Instant;
import java.util.UUID;

/**
 * A bookable start: {@code id} is the first slot unit; the service needs {@code endsAt - startsAt} (one or more
 * consecutive units), and {@code freeCapacity} places are free in every one of them.
 */
public record Slot(UUID id, UUID officeId, String officeName, String serviceType, Instant startsAt, Instant endsAt,
                   int freeCapacity) {
}
