create table office (
    id      uuid primary key,
    tenant  text not null,
    name    text not null,
    address text not null,
    -- length of one slot
    slot_minutes integer not null default 15 check (slot_minutes between 5 and 240),
    time_zone text not null default 'Europe/Berlin'
);
create index office_by_tenant on office (tenant);

create table office_service (
    office_id    uuid    not null references office (id),
    service_type text    not null,
    -- parallel counters serving this service: the capacity of each slot
    capacity     integer not null check (capacity > 0),
    primary key (office_id, service_type)
);

-- weekly opening hours (ISO day of week 1 = Monday)
create table opening_hours (
    office_id   uuid    not null references office (id),
    day_of_week integer not null check (day_of_week between 1 and 7),
    opens_at    time    not null,
    closes_at   time    not null check (closes_at > opens_at),
    primary key (office_id, day_of_week, opens_at)
);

create table slot (
    id           uuid primary key,
    office_id    uuid        not null references office (id),
    service_type text        not null,
    starts_at    timestamptz not null,
    ends_at      timestamptz not null,
    capacity     integer     not null check (capacity > 0),
    booked       integer     not null default 0,
    -- the database, not only the code, forbids overbooking
    constraint slot_not_overbooked check (booked between 0 and capacity),
    unique (office_id, service_type, starts_at)
);
create index slot_search on slot (service_type, starts_at) where booked < capacity;

create table booking (
    id           uuid primary key,
    tenant       text        not null,
    citizen_id   text        not null,
    slot_id      uuid        not null references slot (id),
    status       text        not null,
    created_at   timestamptz not null
);
create index booking_by_citizen on booking (tenant, citizen_id, created_at desc);
-- one citizen cannot hold the same slot twice
create unique index booking_once_per_slot on booking (slot_id, citizen_id) where status = 'BOOKED';

insert into office (id, tenant, name, address) values
    ('0b0c0000-0000-4000-8000-000000000001', 'bochum', 'Bürgerbüro Bochum-Mitte', 'Willy-Brandt-Platz 2-6, 44787 Bochum'),
    ('0b0c0000-0000-4000-8000-000000000002', 'bochum', 'Bürgerbüro Wattenscheid', 'Freiheitstraße 2, 44866 Bochum'),
    ('05e50000-0000-4000-8000-000000000001', 'soest', 'Bürgerbüro Soest', 'Am Vreithof 8, 59494 Soest');

insert into office_service (office_id, service_type, capacity) values
    ('0b0c0000-0000-4000-8000-000000000001', 'personalausweis', 3),
    ('0b0c0000-0000-4000-8000-000000000001', 'meldebescheinigung', 2),
    ('0b0c0000-0000-4000-8000-000000000002', 'personalausweis', 1),
    ('05e50000-0000-4000-8000-000000000001', 'personalausweis', 2),
    ('05e50000-0000-4000-8000-000000000001', 'gewerbeanmeldung', 1);

insert into opening_hours (office_id, day_of_week, opens_at, closes_at)
select o.id, d, time '08:00', time '12:00' from office o cross join generate_series(1, 5) d;
insert into opening_hours (office_id, day_of_week, opens_at, closes_at)
select o.id, 4, time '14:00', time '18:00' from office o;
