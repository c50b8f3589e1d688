package de.rathaus.notifications.inbox;

import java.time.Instant;
import java.util.UUID;

/** A message in a citizen's inbox (Bürgerpostfach), created from one domain event. */
public record InboxMessage(UUID id, String tenant, String recipientId, String eventId, String eventType, String aggregateId,
                           String title, String body, Instant createdAt, Instant readAt) {

    public boolean read() {
        return readAt != null;
    }
}
