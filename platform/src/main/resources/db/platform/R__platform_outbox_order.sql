-- The relay publishes the events in the order they were recorded. It went by occurred_at, then by the (random) event
-- id: occurred_at comes from the service's clock, and events recorded at the same instant (those of one transaction
-- under a fixed test clock, or within the clock's resolution) went out in random order, a key's too. An identity
-- column numbers the events as they are inserted; events of one key are inserted in order (in one transaction, or
-- one after the other under the aggregate's lock).
-- Repeatable and idempotent rather than V0_2: the services' own migrations (V1, V2, ...) are applied already, and
-- Flyway refuses a versioned migration below them.
alter table outbox_event add column if not exists seq bigint generated always as identity;
create index if not exists outbox_event_unpublished_by_seq on outbox_event (seq) where published_at is null;
drop index if exists outbox_event_unpublished;
