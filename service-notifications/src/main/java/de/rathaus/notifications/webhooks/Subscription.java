package de.rathaus.notifications.webhooks;

import de.rathaus.notifications.events.ReceivedEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A webhook subscription of a client-credentials client: callback, filters (event types, tenant, subject), secret. */
public record Subscription(UUID id, String clientId, String tenant, String callbackUrl, List<String> eventTypes, String subject,
                           String description, String secret, Instant createdAt) {

    public boolean matches(ReceivedEvent event) {
        return tenant.equals(event.tenant()) && eventTypes.contains(event.type())
                && (subject == null || subject.equals(event.subject()));
    }
}
