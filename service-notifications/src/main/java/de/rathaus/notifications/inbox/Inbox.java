package de.rathaus.notifications.inbox;

import de.rathaus.contracts.events.EventTypes;
import de.rathaus.notifications.events.ReceivedEvent;
import de.rathaus.notifications.events.ReceivedEventHandler;
import java.time.Instant;
import java.util.UUID;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Writes messages into a citizen's Bürgerpostfach (inside the consuming transaction) and erases them when the
 * application they are about is erased. Handles each event before the planner does, so that a notice about the
 * erasure itself (should a municipality give it a template) is not erased with the rest.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class Inbox implements ReceivedEventHandler {

    static final String ERASED = EventTypes.APPLICATION_ERASED;

    private final InboxRepository repository;

    Inbox(InboxRepository repository) {
        this.repository = repository;
    }

    /**
     * {@code ApplicationErased} (retention period over or a deletion request) deletes the citizen's messages about
     * the application: every message from an event that names it ({@code applicationId} or, for payments,
     * {@code referenceId}). Delivery tracking keeps ids only and stays.
     */
    @Override
    public void handle(ReceivedEvent event) {
        String applicationId = event.string("applicationId");
        if (ERASED.equals(event.type()) && applicationId != null) {
            repository.deleteAbout(event.tenant(), applicationId);
        }
    }

    public void add(ReceivedEvent event, String citizenId, String title, String body, Instant at) {
        repository.insertIfAbsent(new InboxMessage(UUID.randomUUID(), event.tenant(), citizenId, event.id(), event.type(),
                event.subject(), title, body, at, null));
    }
}
