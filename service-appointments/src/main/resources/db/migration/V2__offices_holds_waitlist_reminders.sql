-- Offices: location, accessibility, federal state (public holidays), counters, booking rules
alter table office
    add column latitude       double precision check (latitude between -90 and 90),
    add column longitude      double precision check (longitude between -180 and 180),
    add column accessibility  text,
    add column step_free      boolean not null default false,
    -- ISO 3166-2:DE subdivision without the country prefix (nw, by, ...): its public holidays close the office
    add column federal_state  text    not null default 'nw' check (federal_state ~ '^[a-z]{2}$'),
    add column counters       integer not null default 1 check (counters > 0),
    -- booking window: the first bookable day is today + earliest_days; the last is today + latest_days, but that
    -- day is released only at release_time (local): before it the last bookable day is today + latest_days - 1
    add column earliest_days  integer not null default 0 check (earliest_days >= 0),
    add column latest_days    integer not null default 28,
    add column release_time   time    not null default time '07:00',
    add column hold_minutes   integer not null default 10 check (hold_minutes between 1 and 120),
    add column waitlist_mode  text    not null default 'FIRST_COME' check (waitlist_mode in ('FIRST_COME', 'LOTTERY')),
    add constraint office_booking_window check (latest_days >= earliest_days and latest_days <= 366);

-- consecutive slot units one appointment of the service takes
alter table office_service
    add column duration_slots integer not null default 1 check (duration_slots between 1 and 16);

-- full-day closures of one office (staff meeting, move, strike), beside the public holidays
create table office_closure (
    office_id uuid not null references office (id),
    day       date not null,
    reason    text not null,
    primary key (office_id, day)
);

-- public holidays per federal state, computed by jollyday and stored before slots are generated
create table public_holiday (
    federal_state text not null,
    day           date not null,
    name          text not null,
    primary key (federal_state, day)
);

-- the bookable period of every office, right now: booking window and daily release
create view office_bookable as
select o.id as office_id,
       greatest(now(), ((now() at time zone o.time_zone)::date + o.earliest_days)::timestamp at time zone o.time_zone) as bookable_from,
       (((now() at time zone o.time_zone)::date + o.latest_days + 1
           - case when (now() at time zone o.time_zone)::time < o.release_time then 1 else 0 end)::timestamp
           at time zone o.time_zone) as bookable_until
from office o;

-- Guests (no account): the e-mail address stays here; events carry only the contact id
create table guest_contact (
    id         uuid primary key,
    tenant     text        not null,
    email      text        not null,
    language   text        not null check (language in ('de', 'en')),
    created_at timestamptz not null
);

-- Bookings become appointments with a life cycle: RESERVED (held) -> BOOKED -> CHECKED_IN -> CALLED, or
-- CANCELLED / EXPIRED / NO_SHOW
alter table booking rename to appointment;
alter index booking_by_citizen rename to appointment_by_citizen;
drop index booking_once_per_slot;
alter table appointment
    alter column citizen_id drop not null,
    add column guest_contact_id uuid references guest_contact (id),
    add column office_id        uuid references office (id),
    add column service_type     text,
    add column starts_at        timestamptz,
    add column ends_at          timestamptz,
    add column slot_count       integer not null default 1 check (slot_count between 1 and 16),
    -- who holds it: citizen subject or 'guest:' + lower-case e-mail; the fairness limit counts per identity
    add column identity         text,
    add column hold_until       timestamptz,
    add column application_id   uuid,
    add column confirmed_at     timestamptz,
    add column cancelled_at     timestamptz,
    add column cancelled_by     text check (cancelled_by in ('CITIZEN', 'GUEST', 'OFFICE')),
    add column checked_in_at    timestamptz,
    add column called_at        timestamptz,
    add column counter          integer,
    add column reminder_due_at  timestamptz,
    add column reminder_sent_at timestamptz,
    add column version          integer not null default 0;
update appointment a
set office_id = s.office_id, service_type = s.service_type, starts_at = s.starts_at, ends_at = s.ends_at,
    identity = a.citizen_id, confirmed_at = a.created_at
from slot s where s.id = a.slot_id;
alter table appointment
    alter column office_id set not null,
    alter column service_type set not null,
    alter column starts_at set not null,
    alter column ends_at set not null,
    alter column identity set not null,
    add constraint appointment_status check (status in ('RESERVED', 'BOOKED', 'CHECKED_IN', 'CALLED', 'NO_SHOW', 'CANCELLED', 'EXPIRED')),
    add constraint appointment_holder check ((citizen_id is null) <> (guest_contact_id is null)),
    add constraint appointment_held check (status <> 'RESERVED' or hold_until is not null);
-- one identity cannot hold the same start twice
create unique index appointment_once_per_start on appointment (tenant, identity, office_id, service_type, starts_at)
    where status in ('RESERVED', 'BOOKED');
create index appointment_open_by_identity on appointment (tenant, identity, service_type)
    where status in ('RESERVED', 'BOOKED');
create index appointment_office_day on appointment (office_id, starts_at);
-- the jobs find their work through small partial indexes
create index appointment_holds on appointment (hold_until) where status = 'RESERVED';
create index appointment_reminders_due on appointment (reminder_due_at)
    where status = 'BOOKED' and reminder_sent_at is null and reminder_due_at is not null;

-- Waitlist: a citizen waits for a service at some offices in a date range
create table waitlist_entry (
    id           uuid primary key,
    tenant       text        not null,
    citizen_id   text        not null,
    service_type text        not null,
    office_ids   uuid[]      not null check (cardinality(office_ids) between 1 and 20),
    from_day     date        not null,
    to_day       date        not null check (to_day >= from_day),
    status       text        not null check (status in ('WAITING', 'NOTIFIED', 'LEFT')),
    created_at   timestamptz not null,
    notified_at  timestamptz
);
create index waitlist_waiting on waitlist_entry (tenant, service_type, created_at) where status = 'WAITING';
create unique index waitlist_once on waitlist_entry (tenant, citizen_id, service_type) where status = 'WAITING';

-- demo data: coordinates, accessibility and services with several slot units
update office set latitude = 51.4818, longitude = 7.2162, counters = 4, step_free = true,
    accessibility = 'Step-free entrance at Willy-Brandt-Platz, lift to all floors, hearing loop at counter 1'
where id = '0b0c0000-0000-4000-8000-000000000001';
update office set latitude = 51.4806, longitude = 7.1390, counters = 1, step_free = false,
    accessibility = 'Three steps at the entrance; a clerk comes to the door on request (bell)', waitlist_mode = 'LOTTERY'
where id = '0b0c0000-0000-4000-8000-000000000002';
update office set latitude = 51.5711, longitude = 8.1057, counters = 2, step_free = true,
    accessibility = 'Step-free entrance from Vreithof, accessible toilet'
where id = '05e50000-0000-4000-8000-000000000001';
update office_service set duration_slots = 2 where service_type = 'gewerbeanmeldung';
insert into office_service (office_id, service_type, capacity, duration_slots) values
    ('0b0c0000-0000-4000-8000-000000000001', 'reisepass', 2, 2);
