-- Versioned catalog, case handling (drafts, deadlines, assignment, decisions), documents, notes, timeline, audit.

create table service_type_version (
    tenant               text        not null,
    key                  text        not null,
    version              integer     not null check (version >= 1),
    leika_key            text        not null,
    name_de              text        not null,
    name_en              text        not null,
    form_schema          jsonb       not null,
    required_documents   jsonb       not null default '[]'::jsonb,
    fee_rule             jsonb       not null,
    processing_days      integer     not null check (processing_days >= 1),
    deemed_approval      boolean     not null default false,
    org_unit             text        not null,
    appointment_required boolean     not null default false,
    retention_days       integer     not null check (retention_days >= 0),
    published_at         timestamptz not null default now(),
    published_by         text        not null default 'migration',
    primary key (tenant, key, version)
);

alter table application drop constraint application_tenant_service_type_fkey;
drop table service_type;

alter table application
    add column service_type_version   integer,
    add column org_unit               text,
    add column created_at             timestamptz,
    add column assignee               text,
    add column due_date               date,
    add column deemed_approval_date   date,
    add column suspended_at           timestamptz,
    add column suspended_days         integer not null default 0,
    add column overdue_flagged_at     timestamptz,
    add column fee_paid_at            timestamptz,
    add column info_request           text,
    add column info_answer_due        date,
    add column decision_reason        text,
    add column appointment_id         uuid,
    add column appointment_start      timestamptz,
    add column closed_at              timestamptz,
    add column erased_at              timestamptz;
alter table application alter column submitted_at drop not null;
update application set service_type_version = 1, org_unit = 'buergerbuero', created_at = submitted_at;
alter table application
    alter column service_type_version set not null,
    alter column org_unit set not null,
    alter column created_at set not null;

drop index application_by_citizen;
drop index application_by_status;
-- citizen list: keyset over (created_at, id), newest first
create index application_by_citizen on application (tenant, citizen_id, created_at desc, id desc);
-- clerk work list, default view (every open case), keyset over (due_date, id)
create index application_worklist_open on application (tenant, org_unit, due_date, id)
    where status in ('SUBMITTED', 'AWAITING_PAYMENT', 'IN_REVIEW', 'INFORMATION_REQUESTED', 'SUSPENDED');
-- clerk work list filtered by one status
create index application_worklist_status on application (tenant, org_unit, status, due_date, id);
-- overdue job: only cases still to flag
create index application_overdue_candidates on application (due_date)
    where overdue_flagged_at is null and status in ('SUBMITTED', 'IN_REVIEW', 'INFORMATION_REQUESTED');
-- retention job: closed, not yet erased
create index application_erasure_candidates on application (closed_at)
    where erased_at is null and closed_at is not null;

create table application_document (
    id             uuid primary key,
    application_id uuid        not null references application (id),
    kind           text        not null,
    file_name      text,
    media_type     text        not null,
    size_bytes     bigint      not null,
    sha256         text        not null,
    storage_key    text        not null,
    uploaded_at    timestamptz not null
);
create index application_document_by_application on application_document (application_id);

create table application_note (
    id             bigint generated always as identity primary key,
    application_id uuid        not null references application (id),
    author         text        not null,
    text           text        not null,
    created_at     timestamptz not null
);
create index application_note_by_application on application_note (application_id);

-- what the citizen may see of the case, beside the status history
create table application_timeline (
    id             bigint generated always as identity primary key,
    application_id uuid        not null references application (id),
    kind           text        not null,
    text           text,
    at             timestamptz not null
);
create index application_timeline_by_application on application_timeline (application_id, at);

-- every clerk/admin read or write of citizen data: who, what, when, why
create table audit_entry (
    id             bigint generated always as identity primary key,
    tenant         text        not null,
    actor          text        not null,
    action         text        not null,
    application_id uuid,
    citizen_id     text,
    purpose        text        not null,
    at             timestamptz not null
);
create index audit_entry_by_tenant_time on audit_entry (tenant, at desc);
create index audit_entry_by_application on audit_entry (application_id, at desc);
create index audit_entry_by_actor on audit_entry (tenant, actor, at desc);
