-- Catalog of services a municipality offers (walking skeleton: key, name, fee; the catalog issue versions it).
create table service_type (
    tenant           text   not null,
    key              text   not null,
    name             text   not null,
    fee_amount_cents bigint not null check (fee_amount_cents >= 0),
    primary key (tenant, key)
);

create table application (
    id               uuid primary key,
    tenant           text        not null,
    citizen_id       text        not null,
    service_type     text        not null,
    status           text        not null,
    form_data        jsonb       not null default '{}'::jsonb,
    fee_amount_cents bigint      not null,
    submitted_at     timestamptz not null,
    updated_at       timestamptz not null,
    version          integer     not null default 0,
    foreign key (tenant, service_type) references service_type (tenant, key)
);
create index application_by_citizen on application (tenant, citizen_id, submitted_at desc);
create index application_by_status on application (tenant, status, submitted_at desc);

create table application_status_change (
    id              bigint generated always as identity primary key,
    application_id  uuid        not null references application (id),
    previous_status text,
    status          text        not null,
    changed_by      text        not null,
    reason          text,
    changed_at      timestamptz not null
);
create index application_status_change_by_application on application_status_change (application_id, changed_at);

insert into service_type (tenant, key, name, fee_amount_cents) values
    ('bochum', 'meldebescheinigung', 'Meldebescheinigung', 1000),
    ('bochum', 'anwohnerparkausweis', 'Bewohnerparkausweis', 3060),
    ('bochum', 'hundesteuer-anmeldung', 'Anmeldung zur Hundesteuer', 0),
    ('soest', 'meldebescheinigung', 'Meldebescheinigung', 800),
    ('soest', 'gewerbeanmeldung', 'Gewerbeanmeldung', 2600),
    ('soest', 'hundesteuer-anmeldung', 'Anmeldung zur Hundesteuer', 0);
