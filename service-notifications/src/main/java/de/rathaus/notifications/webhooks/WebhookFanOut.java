package de.rathaus.notifications.webhooks;

import de.rathaus.notifications.events.ReceivedEvent;
import de.rathaus.notifications.events.ReceivedEventHandler;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Queues one delivery per matching subscription, in the consuming transaction; the dispatcher is woken after commit. */
@Component
class WebhookFanOut implements ReceivedEventHandler {

    private final ActiveSubscriptions subscriptions;
    private final DeliveryRepository deliveries;
    private final WebhookDispatcher dispatcher;
    private final WebhookProperties props;
    private final Clock clock;

    WebhookFanOut(ActiveSubscriptions subscriptions, DeliveryRepository deliveries, WebhookDispatcher dispatcher,
                  WebhookProperties props, Clock clock) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.props = props;
        this.clock = clock;
    }

    @Override
    public void handle(ReceivedEvent event) {
        List<UUID> matching = subscriptions.all().stream().filter(s -> s.matches(event)).map(Subscription::id).toList();
        if (matching.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        deliveries.insert(matching, event.id(), event.type(), null, now, now.plus(props.retryFor()));
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    dispatcher.wakeUp();
                }
            });
        }
    }
}
