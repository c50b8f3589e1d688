-- Bürgerpostfach: one message per domain event that concerns a citizen
create table inbox_message (
    id           uuid primary key,
    tenant       text        not null,
    recipient_id text        not null,
    event_id     text        not null unique,
    event_type   text        not null,
    aggregate_id text,
    title        text        not null,
    body         text        not null,
    created_at   timestamptz not null,
    read_at      timestamptz
);
create index inbox_by_recipient on inbox_message (tenant, recipient_id, created_at desc);
