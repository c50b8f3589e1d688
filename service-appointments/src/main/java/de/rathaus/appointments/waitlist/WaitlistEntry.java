package de.rathaus.appointments.waitlist;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A citizen waiting for a slot of a service at one of some offices between two days. */
public record WaitlistEntry(UUID id, String tenant, String citizenId, String serviceType, List<UUID> officeIds,
                            LocalDate from, LocalDate to, Status status, Instant createdAt) {

    public enum Status { WAITING, NOTIFIED, LEFT }
}
