package de.rathaus.notifications.delivery;

import java.time.Instant;
import java.util.UUID;

/** One notification of one recipient about one event on one channel, with its delivery state. */
public record Notification(UUID id, String tenant, String eventId, String eventType, String recipientKind, String recipientId,
                           String channel, String language, String status, int attempts, String lastError,
                           Instant createdAt, Instant updatedAt) {

    public static final String CITIZEN = "CITIZEN";
    public static final String GUEST = "GUEST";
}
