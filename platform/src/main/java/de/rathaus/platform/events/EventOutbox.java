package de.rathaus.platform.events;

import de.rathaus.platform.web.RequestContext;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes domain events into the transactional outbox. Must be called inside the transaction that changes the
 * state the event describes: either both are committed or neither is. {@link OutboxRelay} publishes after commit.
 */
public class EventOutbox {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final String source;
    private final Clock clock;
    private final Runnable afterCommit;

    public EventOutbox(JdbcClient jdbc, JsonMapper json, String source, Clock clock, Runnable afterCommit) {
        this.jdbc = jdbc;
        this.json = json;
        this.source = source;
        this.clock = clock;
        this.afterCommit = afterCommit;
    }

    /**
     * Records an event.
     *
     * @param spec        the event type
     * @param aggregateId id of the aggregate; Kafka key and CloudEvents subject
     * @param tenant      municipality the event belongs to
     * @param payload     the event payload (ids only, no personal data)
     * @return the event id ({@code ce_id})
     */
    public UUID record(EventSpec spec, String aggregateId, String tenant, Object payload) {
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(tenant, "tenant");
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Events must be recorded inside the transaction that changes the state");
        }
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into outbox_event (id, topic, message_key, event_type, source, data_schema, tenant,
                                          traceparent, correlation_id, occurred_at, payload)
                values (:id, :topic, :key, :type, :source, :schema, :tenant, :traceparent, :correlationId,
                        :occurredAt, cast(:payload as jsonb))
                """)
                .param("id", id)
                .param("topic", spec.topic())
                .param("key", aggregateId)
                .param("type", spec.type())
                .param("source", source)
                .param("schema", spec.dataSchema() == null ? null : spec.dataSchema().toString())
                .param("tenant", tenant)
                .param("traceparent", RequestContext.traceparent())
                .param("correlationId", RequestContext.correlationId())
                .param("occurredAt", Timestamp.from(clock.instant()))
                .param("payload", json.writeValueAsString(payload))
                .update();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                afterCommit.run();
            }
        });
        return id;
    }
}
