package de.rathaus.notifications.inbox;

import de.rathaus.platform.events.CloudEventExtensions;
import de.rathaus.platform.events.IdempotentConsumer;
import io.cloudevents.CloudEvent;
import java.time.Clock;
import java.util.UUID;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Every domain event that concerns a citizen becomes exactly one inbox message, however often it is delivered. */
@Component
class InboxListener {

    private final IdempotentConsumer consumer;
    private final InboxTexts texts;
    private final InboxRepository inbox;
    private final Clock clock;

    InboxListener(IdempotentConsumer consumer, InboxTexts texts, InboxRepository inbox, Clock clock) {
        this.consumer = consumer;
        this.texts = texts;
        this.inbox = inbox;
        this.clock = clock;
    }

    @KafkaListener(topics = {"rathaus.applications.v1", "rathaus.payments.v1", "rathaus.appointments.v1"})
    void on(CloudEvent event) {
        consumer.handle("notifications.inbox", event, e -> texts.render(e).ifPresent(text ->
                inbox.insertIfAbsent(new InboxMessage(UUID.randomUUID(), CloudEventExtensions.tenant(e), text.recipientId(),
                        e.getId(), e.getType(), e.getSubject(), text.title(), text.body(), clock.instant(), null))));
    }
}
