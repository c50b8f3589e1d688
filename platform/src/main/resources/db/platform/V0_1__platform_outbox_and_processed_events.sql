-- Shared plumbing of every service (added to Flyway's locations by the platform module).

-- Transactional outbox: written in the same transaction as the state change, relayed to Kafka after commit.
create table outbox_event (
    id             uuid primary key,
    topic          text        not null,
    message_key    text        not null,
    event_type     text        not null,
    source         text        not null,
    data_schema    text,
    tenant         text        not null,
    traceparent    text,
    correlation_id text,
    occurred_at    timestamptz not null,
    payload        jsonb       not null,
    published_at   timestamptz,
    attempts       integer     not null default 0,
    last_error     text
);
-- the relay only ever looks at unpublished rows: keep that index small and the scan independent of history
create index outbox_event_unpublished on outbox_event (occurred_at, id) where published_at is null;
create index outbox_event_published on outbox_event (published_at) where published_at is not null;

-- Idempotent consumption: one row per consumer and event id, inserted in the handler's transaction.
create table processed_event (
    consumer     text        not null,
    event_id     text        not null,
    processed_at timestamptz not null default now(),
    primary key (consumer, event_id)
);
