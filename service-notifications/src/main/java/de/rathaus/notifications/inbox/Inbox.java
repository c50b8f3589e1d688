package de.rathaus.notifications.inbox;

import de.rathaus.notifications.events.ReceivedEvent;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Writes messages into a citizen's Bürgerpostfach (inside the consuming transaction). */
@Component
public class Inbox {

    private final InboxRepository repository;

    Inbox(InboxRepository repository) {
        this.repository = repository;
    }

    /**
     * Deletes the citizen's messages about an application whose data was erased (retention period over or a
     * deletion request): every message from an event that names it ({@code applicationId} or, for payments,
     * {@code referenceId}). Delivery tracking keeps ids only and stays.
     */
    public int eraseAbout(String tenant, String applicationId) {
        return repository.deleteAbout(tenant, applicationId);
    }

    public void add(ReceivedEvent event, String citizenId, String title, String body, Instant at) {
        repository.insertIfAbsent(new InboxMessage(UUID.randomUUID(), event.tenant(), citizenId, event.id(), event.type(),
                event.subject(), title, body, at, null));
    }
}
