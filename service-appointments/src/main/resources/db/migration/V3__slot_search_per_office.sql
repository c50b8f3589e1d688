-- slot search reads each office's slots through the unique (office_id, service_type, starts_at) index; the
-- partial index over all offices is no longer used and only slowed down every booking (booked is in its predicate)
drop index slot_search;
