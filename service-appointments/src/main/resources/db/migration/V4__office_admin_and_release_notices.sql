-- Office administration: a version for optimistic concurrency (ETag / If-Match) over the office and everything
-- that belongs to it (services, opening hours, closures)
alter table office add column version integer not null default 0;

-- A slot unit the office withdraws (closed day, removed opening hours or service, lower capacity) keeps its row,
-- because cancelled appointments still name it, with its capacity lowered, down to 0: nothing can be booked there
-- (booked < capacity never holds) and the overbooking check stays as it is
alter table slot drop constraint slot_capacity_check;
alter table slot add constraint slot_capacity_check check (capacity >= 0);

-- Released days: the last day whose release the waiters have been told about (SlotAvailable), per office. The job
-- that announces newly released days moves it forward in the transaction that records the notices, so no day is
-- announced twice. Existing offices start at the day released right now (nothing to announce retroactively).
alter table office add column released_through date;
update office set released_through = (now() at time zone time_zone)::date + latest_days
    - case when (now() at time zone time_zone)::time < release_time then 1 else 0 end;
alter table office alter column released_through set not null;

-- one notice per waitlist entry and released day, also if several of its offices release the same day
create table waitlist_release_notice (
    entry_id    uuid        not null references waitlist_entry (id),
    day         date        not null,
    office_id   uuid        not null references office (id),
    notified_at timestamptz not null,
    primary key (entry_id, day)
);
