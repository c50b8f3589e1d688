-- Every consumed domain event, kept for rendering at send time and for webhook deliveries (payloads carry ids only).
create table received_event (
    event_id     text primary key,
    event_type   text        not null,
    source       text        not null,
    subject      text,
    tenant       text        not null,
    event_time   timestamptz,
    topic        text        not null,
    payload      jsonb       not null,
    received_at  timestamptz not null
);

-- One notification per event and channel, however often the event is delivered (unique constraint).
create table notification (
    id             uuid primary key,
    tenant         text        not null,
    event_id       text        not null references received_event (event_id),
    event_type     text        not null,
    recipient_kind text        not null check (recipient_kind in ('CITIZEN', 'GUEST')),
    recipient_id   text        not null,
    channel        text        not null check (channel in ('INBOX', 'EMAIL', 'SMS')),
    language       text,
    status         text        not null check (status in ('QUEUED', 'SENT', 'DELIVERED', 'BOUNCED', 'FAILED')),
    attempts       integer     not null default 0,
    next_attempt_at timestamptz,
    locked_until   timestamptz,
    provider_id    text,
    last_error     text,
    created_at     timestamptz not null,
    updated_at     timestamptz not null,
    constraint notification_once_per_event_and_channel unique (event_id, channel)
);
create index notification_due on notification (next_attempt_at) where status = 'QUEUED';
create index notification_by_recipient on notification (tenant, recipient_id, created_at desc);
create index notification_by_provider_id on notification (provider_id) where provider_id is not null;

-- Bürgerpostfach: unread again possible; delete removes the row
create index inbox_unread on inbox_message (tenant, recipient_id, created_at desc) where read_at is null;

-- Citizen preferences (absent row = defaults) and the audit of every change
create table preference (
    tenant      text        not null,
    citizen_id  text        not null,
    channels    text[]      not null,
    language    text        not null,
    opt_outs    text[]      not null,
    updated_at  timestamptz not null,
    primary key (tenant, citizen_id)
);
create table preference_audit (
    id          uuid primary key,
    tenant      text        not null,
    citizen_id  text        not null,
    changed_by  text        not null,
    changed_at  timestamptz not null,
    before      jsonb       not null,
    after       jsonb       not null
);
create index preference_audit_by_citizen on preference_audit (tenant, citizen_id, changed_at desc);

-- Per-tenant template overrides, versioned: the highest version is in force
create table template_version (
    tenant      text        not null,
    event_type  text        not null,
    language    text        not null,
    version     integer     not null,
    subject     text        not null,
    text_body   text        not null,
    html_body   text,
    sms_body    text,
    created_by  text        not null,
    created_at  timestamptz not null,
    primary key (tenant, event_type, language, version)
);

-- Webhook subscriptions of other municipal systems (client-credentials clients)
create table webhook_subscription (
    id           uuid primary key,
    client_id    text        not null,
    tenant       text        not null,
    callback_url text        not null,
    event_types  text[]      not null,
    subject      text,
    description  text,
    secret       text        not null,
    created_at   timestamptz not null,
    deleted_at   timestamptz
);
create index webhook_subscription_active on webhook_subscription (tenant) where deleted_at is null;

create table webhook_replay (
    id              uuid primary key,
    subscription_id uuid        not null references webhook_subscription (id),
    since           timestamptz not null,
    status          text        not null check (status in ('RUNNING', 'DONE', 'FAILED')),
    matched         integer     not null default 0,
    error           text,
    created_at      timestamptz not null
);

-- One delivery per subscription, event and origin (live, or one replay): a redelivered event adds none
create table webhook_delivery (
    id               uuid primary key,
    subscription_id  uuid        not null references webhook_subscription (id),
    event_id         text        not null references received_event (event_id),
    event_type       text        not null,
    replay_id        uuid references webhook_replay (id),
    status           text        not null check (status in ('PENDING', 'SENDING', 'DELIVERED', 'DEAD_LETTERED')),
    attempts         integer     not null default 0,
    next_attempt_at  timestamptz not null,
    give_up_after    timestamptz not null,
    locked_until     timestamptz,
    last_status_code integer,
    last_error       text,
    delivered_at     timestamptz,
    created_at       timestamptz not null,
    constraint webhook_delivery_once unique nulls not distinct (subscription_id, event_id, replay_id)
);
create index webhook_delivery_due on webhook_delivery (subscription_id, next_attempt_at) where status in ('PENDING', 'SENDING');
create index webhook_delivery_log on webhook_delivery (subscription_id, created_at desc);
