create table payment (
    id             uuid primary key,
    tenant         text        not null,
    citizen_id     text        not null,
    reference_kind text        not null check (reference_kind in ('APPLICATION', 'APPOINTMENT')),
    reference_id   uuid        not null,
    amount_cents   bigint      not null check (amount_cents > 0),
    currency       text        not null check (currency = 'EUR'),
    description    text        not null check (length(description) <= 255),
    status         text        not null,
    created_at     timestamptz not null,
    updated_at     timestamptz not null,
    -- one payment request per thing paid for, whatever a redelivery does
    unique (reference_kind, reference_id)
);
create index payment_by_citizen on payment (tenant, citizen_id, created_at desc);
