-- Payment lifecycle after GOV.UK Pay: status with a finished flag, failure codes, the provider's checkout, refunds.
alter table payment
    add column finished              boolean not null default false,
    add column failure_code          text,
    add column failure_message       text,
    add column provider              text,
    add column provider_ref          text,
    add column next_url              text,
    add column return_url            text,
    add column amount_refunded_cents bigint  not null default 0,
    add column started_at            timestamptz,
    add column finished_at           timestamptz;

alter table payment
    add constraint payment_status check (status in ('CREATED', 'STARTED', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'EXPIRED')),
    add constraint payment_finished check (finished = (status in ('SUCCEEDED', 'FAILED', 'CANCELLED', 'EXPIRED'))),
    -- the refund guard: never more than was paid, and only a succeeded payment has anything to refund
    add constraint payment_refundable check (amount_refunded_cents >= 0 and amount_refunded_cents <= amount_cents
        and (amount_refunded_cents = 0 or status = 'SUCCEEDED'));

-- One open or paid payment per thing paid for; after a failure, cancellation or expiry a new one may be created.
alter table payment drop constraint payment_reference_kind_reference_id_key;
create unique index payment_one_live_per_reference on payment (tenant, reference_kind, reference_id)
    where status in ('CREATED', 'STARTED', 'SUCCEEDED');
create index payment_by_tenant on payment (tenant, created_at desc);
create index payment_unfinished on payment (created_at) where not finished;
create unique index payment_by_provider_ref on payment (provider_ref) where provider_ref is not null;

create table refund (
    id           uuid primary key,
    payment_id   uuid        not null references payment (id),
    tenant       text        not null,
    amount_cents bigint      not null check (amount_cents > 0),
    reason       text check (length(reason) <= 500),
    status       text        not null check (status in ('SUBMITTED', 'SUCCEEDED', 'FAILED')),
    requested_by text        not null,
    provider_ref text,
    created_at   timestamptz not null,
    finished_at  timestamptz
);
create index refund_by_payment on refund (payment_id, created_at);
create index refund_submitted on refund (created_at) where status = 'SUBMITTED';

-- Provider notifications seen (replay protection); kept 30 days, far beyond the 300 s signature tolerance.
create table provider_notification (
    notification_id text primary key,
    payment_id      uuid,
    type            text        not null,
    outcome         text        not null,
    received_at     timestamptz not null
);
create index provider_notification_received on provider_notification (received_at);

-- Idempotency-Key: the first response per caller and key, replayed for the same request.
create table idempotency_key (
    principal        text        not null,
    idempotency_key  text        not null,
    request_hash     bytea       not null,
    status           text        not null check (status in ('IN_PROGRESS', 'COMPLETED')),
    response_status  integer,
    response_headers jsonb,
    response_body    bytea,
    created_at       timestamptz not null,
    completed_at     timestamptz,
    primary key (principal, idempotency_key)
);
create index idempotency_key_created on idempotency_key (created_at);

-- Double-entry journal per tenant. A booking has at least two postings, debits = credits (checked at commit),
-- and each kind of booking happens once per payment (per refund for refunds). Rows are never changed.
create table ledger_booking (
    id           uuid primary key,
    tenant       text        not null,
    kind         text        not null check (kind in ('CLAIM_RAISED', 'PAYMENT_RECEIVED', 'CLAIM_WRITTEN_OFF', 'REFUND_PAID')),
    payment_id   uuid        not null references payment (id),
    refund_id    uuid references refund (id),
    booked_at    timestamptz not null,
    booking_date date        not null,
    check ((kind = 'REFUND_PAID') = (refund_id is not null))
);
create unique index ledger_booking_once on ledger_booking (payment_id, kind) where refund_id is null;
create unique index ledger_booking_once_per_refund on ledger_booking (refund_id) where refund_id is not null;
create index ledger_booking_by_day on ledger_booking (tenant, booking_date, booked_at);

create table ledger_posting (
    booking_id   uuid   not null references ledger_booking (id),
    line         int    not null,
    account      text   not null check (account in ('RECEIVABLES', 'FEE_INCOME', 'BANK_CLEARING', 'REFUNDS')),
    side         text   not null check (side in ('DEBIT', 'CREDIT')),
    amount_cents bigint not null check (amount_cents > 0),
    primary key (booking_id, line)
);

create function ledger_booking_balanced() returns trigger language plpgsql as $$
declare
    debit  bigint;
    credit bigint;
    lines  int;
begin
    select coalesce(sum(amount_cents) filter (where side = 'DEBIT'), 0),
           coalesce(sum(amount_cents) filter (where side = 'CREDIT'), 0), count(*)
      into debit, credit, lines
      from ledger_posting where booking_id = new.id;
    if lines < 2 or debit <> credit then
        raise exception 'ledger booking % is not balanced (debit %, credit %, % postings)', new.id, debit, credit, lines;
    end if;
    return null;
end $$;
create constraint trigger ledger_booking_balanced after insert on ledger_booking
    deferrable initially deferred for each row execute function ledger_booking_balanced();

create function ledger_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'the ledger is append-only (% on %)', tg_op, tg_table_name;
end $$;
create trigger ledger_booking_append_only before update or delete on ledger_booking
    for each row execute function ledger_append_only();
create trigger ledger_posting_append_only before update or delete on ledger_posting
    for each row execute function ledger_append_only();
