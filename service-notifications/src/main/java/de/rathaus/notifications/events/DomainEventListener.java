package de.rathaus.notifications.events;

import de.rathaus.platform.events.IdempotentConsumer;
import io.cloudevents.CloudEvent;
import java.time.Clock;
import java.util.List;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * Consumes every domain topic of the catalog (group {@code rathaus.notifications}). Per event, in one transaction
 * with the processed-event mark: the event is kept and handed to every {@link ReceivedEventHandler} (the inbox's
 * erasure, the notification planner, the webhook fan-out). A redelivered event changes nothing.
 */
@Component
class DomainEventListener {

    static final String CONSUMER = "notifications.events";

    private final IdempotentConsumer consumer;
    private final ReceivedEventRepository events;
    private final List<ReceivedEventHandler> handlers;
    private final Clock clock;

    DomainEventListener(IdempotentConsumer consumer, ReceivedEventRepository events, List<ReceivedEventHandler> handlers,
                        Clock clock) {
        this.consumer = consumer;
        this.events = events;
        this.handlers = handlers;
        this.clock = clock;
    }

    @KafkaListener(topics = {EventCatalog.APPLICATIONS, EventCatalog.PAYMENTS, EventCatalog.APPOINTMENTS},
            concurrency = "${rathaus.notifications.listener-concurrency}")
    void on(CloudEvent event, @Header(KafkaHeaders.RECEIVED_TOPIC) String topic) {
        consumer.handle(CONSUMER, event, e -> {
            ReceivedEvent received = events.received(e, topic);
            events.insertIfAbsent(received, clock.instant());
            handlers.forEach(handler -> handler.handle(received));
        });
    }
}
