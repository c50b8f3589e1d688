-- minutes a freed place is held (reserved) for the waiter who is told about it, so that a bot watching the slot
-- search cannot take what SlotAvailable announced; 0 = not held (first to book wins)
alter table office add column waitlist_hold_minutes integer not null default 0 check (waitlist_hold_minutes between 0 and 120);
