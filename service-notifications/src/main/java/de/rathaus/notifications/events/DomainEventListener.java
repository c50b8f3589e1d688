package de.rathaus.notifications.events;

import de.rathaus.notifications.delivery.NotificationPlanner;
import de.rathaus.notifications.inbox.Inbox;
import de.rathaus.notifications.webhooks.WebhookFanOut;
import de.rathaus.platform.events.CloudEventExtensions;
import de.rathaus.platform.events.IdempotentConsumer;
import io.cloudevents.CloudEvent;
import java.time.Clock;
import java.util.Map;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * Consumes every domain topic of the catalog (group {@code rathaus.notifications}). Per event, in one transaction
 * with the processed-event mark: the event is kept, the citizen's notifications are planned (the inbox message is
 * written right away, e-mail and SMS are queued) and a delivery is queued for every matching webhook subscription.
 * A redelivered event changes nothing. {@code ApplicationErased} removes the citizen's inbox messages about that
 * application.
 */
@Component
class DomainEventListener {

    static final String CONSUMER = "notifications.events";
    static final String ERASED = "de.rathaus.applications.ApplicationErased.v1";

    private final IdempotentConsumer consumer;
    private final ReceivedEventRepository events;
    private final NotificationPlanner planner;
    private final WebhookFanOut webhooks;
    private final Inbox inbox;
    private final Clock clock;

    DomainEventListener(IdempotentConsumer consumer, ReceivedEventRepository events, NotificationPlanner planner,
                        WebhookFanOut webhooks, Inbox inbox, Clock clock) {
        this.consumer = consumer;
        this.events = events;
        this.planner = planner;
        this.webhooks = webhooks;
        this.inbox = inbox;
        this.clock = clock;
    }

    @KafkaListener(topics = {EventCatalog.APPLICATIONS, EventCatalog.PAYMENTS, EventCatalog.APPOINTMENTS},
            concurrency = "${rathaus.notifications.listener-concurrency:3}")
    void on(CloudEvent event, @Header(KafkaHeaders.RECEIVED_TOPIC) String topic) {
        consumer.handle(CONSUMER, event, e -> {
            ReceivedEvent received = toReceived(e, topic);
            events.insertIfAbsent(received, clock.instant());
            if (ERASED.equals(received.type()) && received.string("applicationId") != null) {
                inbox.eraseAbout(received.tenant(), received.string("applicationId"));
            }
            planner.plan(received);
            webhooks.fanOut(received);
        });
    }

    ReceivedEvent toReceived(CloudEvent e, String topic) {
        Map<String, Object> data = e.getData() == null ? Map.of() : events.parse(e.getData().toBytes());
        return new ReceivedEvent(e.getId(), e.getType(), e.getSource() == null ? null : e.getSource().toString(),
                e.getSubject(), CloudEventExtensions.tenant(e), e.getTime() == null ? null : e.getTime().toInstant(), topic, data);
    }
}
