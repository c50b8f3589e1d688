-- The booking window is computed for an instant the service passes from its Clock, not for the database server's
-- now(): every decision about time follows one clock (tests set it; several instances and the database cannot
-- disagree about what "now" is). The view office_bookable (computed with now()) becomes a function of that instant.
drop view office_bookable;

-- The last day of an office's booking window released at p_now: today + latest_days, one day less before the
-- office's release time (local): one day is released per day, at the same moment for everybody.
create function office_last_released(p_now timestamptz, p_time_zone text, p_latest_days integer, p_release_time time)
    returns date
    language sql stable
as $$
select (p_now at time zone p_time_zone)::date + p_latest_days
           - case when (p_now at time zone p_time_zone)::time < p_release_time then 1 else 0 end
$$;

-- The bookable period of every office at p_now: from today + earliest_days (never before p_now) to the end of the
-- last released day. A plain SQL function, so the planner inlines it like the view it replaces.
create function office_bookable(p_now timestamptz)
    returns table (office_id uuid, today date, last_released date, bookable_from timestamptz, bookable_until timestamptz)
    language sql stable
as $$
select o.id, w.today, w.last_released,
       greatest(p_now, (w.today + o.earliest_days)::timestamp at time zone o.time_zone),
       (w.last_released + 1)::timestamp at time zone o.time_zone
from office o
cross join lateral (select (p_now at time zone o.time_zone)::date as today,
                           office_last_released(p_now, o.time_zone, o.latest_days, o.release_time) as last_released) w
$$;
