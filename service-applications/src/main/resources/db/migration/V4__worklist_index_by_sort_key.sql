-- The work list sorts by (coalesce(due_date, '9999-12-31'), id) so that cases without a due date come last and
-- the keyset cursor can compare rows. Index that very expression: the query then reads the first page straight
-- from the index in order (no sort of every open case of the unit; see benchmarks/results/applications-*.md).
drop index application_worklist_open;
drop index application_worklist_status;
create index application_worklist_open on application (tenant, org_unit, (coalesce(due_date, date '9999-12-31')), id)
    where status in ('SUBMITTED', 'AWAITING_PAYMENT', 'IN_REVIEW', 'INFORMATION_REQUESTED', 'SUSPENDED');
create index application_worklist_status on application (tenant, org_unit, status, (coalesce(due_date, date '9999-12-31')), id);
