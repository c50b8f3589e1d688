-- offices inserted without it (seed scripts, the benchmark harness) get their watermark from the released-day job
-- on its next run, set to the day released then, without announcing anything retroactively
alter table office alter column released_through drop not null;
