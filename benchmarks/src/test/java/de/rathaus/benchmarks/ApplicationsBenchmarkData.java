package de.rathaus.benchmarks;

import de.rathaus.testsupport.LocalPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Database side of the applications benchmark: seeds the work-list history (a municipality's applications of two
 * years), counts applications and events, and shows the plans of the work-list queries.
 */
final class ApplicationsBenchmarkData {

    private ApplicationsBenchmarkData() {
    }

    /** The work-list query of {@code ApplicationRepository.workList} for clerk Clara (bochum, buergerbuero). */
    static final Map<String, String> WORK_LIST_QUERIES = new LinkedHashMap<>();

    static {
        String select = "select id, tenant, citizen_id, service_type, service_type_version, status, form_data::text as form_data,"
                + " fee_amount_cents, fee_paid_at, org_unit, assignee, due_date, deemed_approval_date, suspended_at,"
                + " suspended_days, overdue_flagged_at, info_request, info_answer_due, decision_reason, appointment_id,"
                + " appointment_start, created_at, submitted_at, updated_at, closed_at, erased_at, version from application"
                + " where tenant = 'bochum' and ";
        String tail = " order by coalesce(due_date, date '9999-12-31'), id limit 51";
        // the same SQL as the repository builds for these filters (it adds only the predicates of given filters)
        String open = "status in ('SUBMITTED', 'AWAITING_PAYMENT', 'IN_REVIEW', 'INFORMATION_REQUESTED', 'SUSPENDED')";
        WORK_LIST_QUERIES.put("open cases of the unit (default view)",
                select + "org_unit = 'buergerbuero' and " + open + tail);
        WORK_LIST_QUERIES.put("status IN_REVIEW",
                select + "org_unit = 'buergerbuero' and status = 'IN_REVIEW'" + tail);
        WORK_LIST_QUERIES.put("overdue only",
                select + "org_unit = 'buergerbuero' and " + open + " and overdue_flagged_at is not null" + tail);
        WORK_LIST_QUERIES.put("next page (keyset cursor)",
                select + "org_unit = 'buergerbuero' and " + open + " and (coalesce(due_date, date '9999-12-31'), id)"
                        + " > (current_date - 30, '80000000-0000-0000-0000-000000000000')" + tail);
    }

    static Connection connect(LocalPostgres.Database db) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", db.username());
        props.setProperty("password", db.password());
        return DriverManager.getConnection(db.jdbcUrl(), props);
    }

    /**
     * {@code rows} applications over two years: 85 % closed (their personal data already erased), the rest open
     * in every status, four service types and both tenants (80 % bochum). Open cases past their due date are
     * already flagged overdue, so that the jobs have nothing to catch up on during the measurement.
     */
    static void seed(LocalPostgres.Database db, int rows) {
        try (Connection c = connect(db); Statement s = c.createStatement()) {
            s.execute("""
                    insert into application (id, tenant, citizen_id, service_type, service_type_version, status, form_data,
                        fee_amount_cents, org_unit, due_date, created_at, submitted_at, updated_at, closed_at, erased_at,
                        overdue_flagged_at, assignee, version)
                    select gen_random_uuid(), x.tenant, 'seed-citizen-' || (g %% 200000), x.key, 1, x.status, '{}'::jsonb,
                           0, x.org_unit,
                           case when x.status = 'AWAITING_PAYMENT' then null else (x.created + interval '14 days')::date end,
                           x.created, x.created, x.created,
                           case when x.status = 'CLOSED' then x.created + interval '10 days' end,
                           case when x.status = 'CLOSED' then x.created + interval '11 days' end,
                           case when x.status in ('SUBMITTED', 'IN_REVIEW', 'INFORMATION_REQUESTED')
                                 and (x.created + interval '14 days')::date < current_date then x.created + interval '15 days' end,
                           case when x.status in ('IN_REVIEW', 'INFORMATION_REQUESTED', 'SUSPENDED') then 'clerk-' || (g %% 7) end,
                           0
                    from generate_series(1, %d) g
                    cross join lateral (
                        select case when g %% 5 = 0 then 'soest' else 'bochum' end as tenant,
                               (array['anwohnerparkausweis', 'meldebescheinigung', 'hundesteuer-anmeldung', 'gewerbeanmeldung'])[g %% 4 + 1] as key,
                               (array['strassenverkehr', 'buergerbuero', 'steueramt', 'gewerbe'])[g %% 4 + 1] as org_unit,
                               case when g %% 100 < 85 then 'CLOSED'
                                    when g %% 100 < 90 then 'SUBMITTED'
                                    when g %% 100 < 95 then 'IN_REVIEW'
                                    when g %% 100 < 97 then 'INFORMATION_REQUESTED'
                                    when g %% 100 < 98 then 'SUSPENDED'
                                    else 'AWAITING_PAYMENT' end as status,
                               now() - (g %% 730) * interval '1 day' - (g %% 1440) * interval '1 minute' as created
                    ) x
                    """.formatted(rows));
            s.execute("vacuum analyze application");
        } catch (SQLException e) {
            throw new IllegalStateException("Seeding failed", e);
        }
    }

    static long count(LocalPostgres.Database db, String sql) {
        try (Connection c = connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    static List<String> explain(LocalPostgres.Database db, String sql) {
        List<String> plan = new ArrayList<>();
        try (Connection c = connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("explain (analyze, buffers) " + sql)) {
            while (rs.next()) {
                plan.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
        return plan;
    }

    /** Facts measured by the simulation, read by {@link ApplicationsSummary} after Gatling wrote its report. */
    static void writeFacts(Path file, Map<String, String> facts) {
        StringBuilder out = new StringBuilder();
        facts.forEach((k, v) -> out.append(k).append('\t').append(v.replace("\n", "\\n")).append('\n'));
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> readFacts(Path file) throws IOException {
        Map<String, String> facts = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int tab = line.indexOf('\t');
            facts.put(line.substring(0, tab), line.substring(tab + 1).replace("\\n", "\n"));
        }
        return facts;
    }
}
