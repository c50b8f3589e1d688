package de.rathaus.notifications.webhooks;

import de.rathaus.notifications.events.EventCatalog;
import de.rathaus.notifications.events.ReceivedEvent;
import de.rathaus.notifications.events.ReceivedEventRepository;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Replays events since a timestamp to one subscription, read from the Kafka topics themselves (not from this
 * service's copy, see {@link TopicReplayClient}). Matching events become deliveries of this replay (a second replay
 * delivers them again; within one replay each event once).
 */
@Service
public class ReplayService implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReplayService.class);
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ReceivedEventRepository events;
    private final DeliveryRepository deliveries;
    private final WebhookDispatcher dispatcher;
    private final TopicReplayClient topics;
    private final WebhookProperties props;
    private final Clock clock;
    private final ExecutorService replays = Executors.newFixedThreadPool(2, r -> {
        Thread thread = new Thread(r, "webhook-replay");
        thread.setDaemon(true);
        return thread;
    });

    ReplayService(JdbcClient jdbc, TransactionTemplate tx, ReceivedEventRepository events, DeliveryRepository deliveries,
                  WebhookDispatcher dispatcher, TopicReplayClient topics, WebhookProperties props, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.events = events;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.topics = topics;
        this.props = props;
        this.clock = clock;
    }

    public record Replay(UUID id, UUID subscriptionId, Instant since, String status, int matched, String error) {
    }

    public Replay start(Subscription subscription, Instant since) {
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into webhook_replay (id, subscription_id, since, status, matched, created_at) values (:id, :sub, :since, 'RUNNING', 0, :now)")
                .param("id", id).param("sub", subscription.id()).param("since", Timestamp.from(since))
                .param("now", Timestamp.from(clock.instant()))
                .update();
        replays.submit(() -> run(id, subscription, since));
        return new Replay(id, subscription.id(), since, "RUNNING", 0, null);
    }

    public Optional<Replay> find(UUID subscriptionId, UUID replayId) {
        return jdbc.sql("select id, subscription_id, since, status, matched, error from webhook_replay where id = :id and subscription_id = :sub")
                .param("id", replayId).param("sub", subscriptionId)
                .query((rs, n) -> new Replay(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getTimestamp(3).toInstant(),
                        rs.getString(4), rs.getInt(5), rs.getString(6)))
                .optional();
    }

    private void run(UUID replayId, Subscription subscription, Instant since) {
        AtomicInteger matched = new AtomicInteger();
        try {
            Instant giveUp = clock.instant().plus(props.retryFor());
            topics.read("rathaus.notifications.replay-" + replayId, topicsOf(subscription), since, batch -> {
                List<ReceivedEvent> matching = batch.stream().filter(subscription::matches).toList();
                if (matching.isEmpty()) {
                    return;
                }
                int count = matched.addAndGet(matching.size());
                tx.executeWithoutResult(s -> {
                    Instant now = clock.instant();
                    for (ReceivedEvent event : matching) {
                        events.insertIfAbsent(event, now);
                        deliveries.insert(List.of(subscription.id()), event.id(), event.type(), replayId, now, giveUp);
                    }
                    progress(replayId, "RUNNING", count, null);
                });
                dispatcher.wakeUp();
            });
            progress(replayId, "DONE", matched.get(), null);
        } catch (RuntimeException e) {
            log.warn("Replay {} of subscription {} failed", replayId, subscription.id(), e);
            progress(replayId, "FAILED", matched.get(), e.toString());
        }
    }

    private static List<String> topicsOf(Subscription subscription) {
        return subscription.eventTypes().stream().map(EventCatalog::get).filter(java.util.Objects::nonNull)
                .map(EventCatalog.EventType::topic).distinct().toList();
    }

    private void progress(UUID replayId, String status, int matched, String error) {
        jdbc.sql("update webhook_replay set status = :status, matched = :matched, error = :error where id = :id")
                .param("status", status).param("matched", matched).param("error", error).param("id", replayId)
                .update();
    }

    @Override
    public void destroy() {
        replays.shutdownNow();
    }
}
