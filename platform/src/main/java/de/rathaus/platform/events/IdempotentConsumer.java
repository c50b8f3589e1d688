package de.rathaus.platform.events;

import de.rathaus.platform.web.RequestContext;
import io.cloudevents.CloudEvent;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a handler at most once per event id and consumer, in one database transaction with the processed-event
 * mark: a redelivered event changes nothing, and a handler that fails leaves no mark, so the event is retried
 * (and dead-lettered by the container's error handler once retries are exhausted).
 */
public class IdempotentConsumer {

    private static final Logger log = LoggerFactory.getLogger(IdempotentConsumer.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    public IdempotentConsumer(JdbcClient jdbc, TransactionTemplate tx, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * @param consumer stable name of the handling purpose, e.g. {@code payments.fee-requests}
     * @return true if the handler ran, false if the event had been processed before
     */
    public boolean handle(String consumer, CloudEvent event, Consumer<CloudEvent> handler) {
        try (RequestContext.Scope scope = RequestContext.open(CloudEventExtensions.correlationId(event),
                CloudEventExtensions.traceparent(event))) {
            return Boolean.TRUE.equals(tx.execute(status -> {
                int inserted = jdbc.sql("""
                        insert into processed_event (consumer, event_id, processed_at) values (:consumer, :eventId, :now)
                        on conflict do nothing
                        """)
                        .param("consumer", consumer)
                        .param("now", Timestamp.from(clock.instant()))
                        .param("eventId", event.getId())
                        .update();
                if (inserted == 0) {
                    log.debug("{}: event {} ({}) already processed, skipped", consumer, event.getId(), event.getType());
                    return false;
                }
                handler.accept(event);
                return true;
            }));
        }
    }
}
