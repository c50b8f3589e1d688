package de.rathaus.applications.application;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class ApplicationRepository {

    private static final TypeReference<Map<String, Object>> FORM = new TypeReference<>() {
    };
    static final String COLUMNS = """
            id, tenant, citizen_id, service_type, service_type_version, status, form_data::text as form_data,
            fee_amount_cents, fee_paid_at, org_unit, assignee, due_date, deemed_approval_date, suspended_at,
            suspended_days, overdue_flagged_at, info_request, info_answer_due, decision_reason, appointment_id,
            appointment_start, created_at, submitted_at, updated_at, closed_at, erased_at, version""";
    private static final String OPEN = "'SUBMITTED', 'AWAITING_PAYMENT', 'IN_REVIEW', 'INFORMATION_REQUESTED', 'SUSPENDED'";

    record StatusChange(ApplicationStatus previous, ApplicationStatus status, String changedBy, String reason, Instant at) {
    }

    record TimelineEntry(String kind, String text, Instant at) {
    }

    record Note(long id, String author, String text, Instant createdAt) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ApplicationRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(Application a) {
        jdbc.sql("""
                insert into application (id, tenant, citizen_id, service_type, service_type_version, status, form_data,
                                         fee_amount_cents, org_unit, due_date, deemed_approval_date, created_at,
                                         submitted_at, updated_at, version)
                values (:id, :tenant, :citizenId, :serviceType, :serviceTypeVersion, :status, cast(:formData as jsonb),
                        :fee, :orgUnit, :dueDate, :deemedApprovalDate, :createdAt, :submittedAt, :updatedAt, 0)
                """)
                .param("dueDate", date(a.getDueDate()))
                .param("deemedApprovalDate", date(a.getDeemedApprovalDate()))
                .param("id", a.getId())
                .param("tenant", a.getTenant())
                .param("citizenId", a.getCitizenId())
                .param("serviceType", a.getServiceType())
                .param("serviceTypeVersion", a.getServiceTypeVersion())
                .param("status", a.getStatus().name())
                .param("formData", json.writeValueAsString(a.getFormData()))
                .param("fee", a.getFeeAmountCents())
                .param("orgUnit", a.getOrgUnit())
                .param("createdAt", ts(a.getCreatedAt()))
                .param("submittedAt", ts(a.getSubmittedAt()))
                .param("updatedAt", ts(a.getUpdatedAt()))
                .update();
    }

    /** Writes the changed case back if its version is still the one read; false on a lost race. */
    boolean update(Application a) {
        return jdbc.sql("""
                update application set service_type_version = :serviceTypeVersion, status = :status,
                    form_data = cast(:formData as jsonb), fee_amount_cents = :fee, fee_paid_at = :feePaidAt,
                    org_unit = :orgUnit, assignee = :assignee, due_date = :dueDate,
                    deemed_approval_date = :deemedApprovalDate, suspended_at = :suspendedAt,
                    suspended_days = :suspendedDays, info_request = :infoRequest, info_answer_due = :infoAnswerDue,
                    decision_reason = :decisionReason, appointment_id = :appointmentId,
                    appointment_start = :appointmentStart, submitted_at = :submittedAt, updated_at = :updatedAt,
                    closed_at = :closedAt, version = version + 1
                where id = :id and version = :version
                """)
                .param("serviceTypeVersion", a.getServiceTypeVersion())
                .param("status", a.getStatus().name())
                .param("formData", json.writeValueAsString(a.getFormData()))
                .param("fee", a.getFeeAmountCents())
                .param("feePaidAt", ts(a.getFeePaidAt()))
                .param("orgUnit", a.getOrgUnit())
                .param("assignee", a.getAssignee())
                .param("dueDate", date(a.getDueDate()))
                .param("deemedApprovalDate", date(a.getDeemedApprovalDate()))
                .param("suspendedAt", ts(a.getSuspendedAt()))
                .param("suspendedDays", a.getSuspendedDays())
                .param("infoRequest", a.getInformationRequest())
                .param("infoAnswerDue", date(a.getInformationAnswerDueDate()))
                .param("decisionReason", a.getDecisionReason())
                .param("appointmentId", a.getAppointmentId())
                .param("appointmentStart", ts(a.getAppointmentStart()))
                .param("submittedAt", ts(a.getSubmittedAt()))
                .param("updatedAt", ts(a.getUpdatedAt()))
                .param("closedAt", ts(a.getClosedAt()))
                .param("id", a.getId())
                .param("version", a.getVersion())
                .update() == 1;
    }

    Optional<Application> findInTenant(String tenant, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from application where tenant = :tenant and id = :id")
                .param("tenant", tenant)
                .param("id", id)
                .query(this::map)
                .optional();
    }

    /** For event handlers: the row locked until the transaction ends, so a concurrent clerk write waits. */
    Optional<Application> lockInTenant(String tenant, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from application where tenant = :tenant and id = :id for update")
                .param("tenant", tenant)
                .param("id", id)
                .query(this::map)
                .optional();
    }

    /** A citizen's applications, newest first, after the keyset position {@code (createdAt, id)}. */
    List<Application> pageOfCitizen(String tenant, String citizenId, Cursor after, int limit) {
        return jdbc.sql("select " + COLUMNS + """
                         from application
                        where tenant = :tenant and citizen_id = :citizenId
                          and (cast(:afterAt as timestamptz) is null or (created_at, id) < (:afterAt, :afterId))
                        order by created_at desc, id desc limit :limit""")
                .param("tenant", tenant)
                .param("citizenId", citizenId)
                .param("afterAt", after == null ? null : ts(after.at()))
                .param("afterId", after == null ? null : after.id())
                .param("limit", limit)
                .query(this::map)
                .list();
    }

    List<Application> allOfCitizen(String tenant, String citizenId) {
        return jdbc.sql("select " + COLUMNS + " from application where tenant = :tenant and citizen_id = :citizenId order by created_at")
                .param("tenant", tenant)
                .param("citizenId", citizenId)
                .query(this::map)
                .list();
    }

    /**
     * The work list: by due date (cases without one last), keyset after {@code (dueDate, id)}. Served by
     * {@code application_worklist_open} (no status filter) or {@code application_worklist_status}.
     */
    List<Application> workList(WorkListQuery query, Cursor after, int limit) {
        WorkListFilter q = query.filter();
        // only the filters given become predicates, so that every variant gets its own plan
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from application where tenant = :tenant");
        Map<String, Object> params = new java.util.HashMap<>();
        params.put("tenant", query.tenant());
        params.put("limit", limit);
        if (query.orgUnit() != null) {
            sql.append(" and org_unit = :orgUnit");
            params.put("orgUnit", query.orgUnit());
        }
        if (q.status() == null) {
            sql.append(" and status in (").append(OPEN).append(")");
        } else {
            sql.append(" and status = :status");
            params.put("status", q.status().name());
        }
        if (q.serviceType() != null) {
            sql.append(" and service_type = :serviceType");
            params.put("serviceType", q.serviceType());
        }
        if (q.dueBefore() != null) {
            sql.append(" and due_date < :dueBefore");
            params.put("dueBefore", date(q.dueBefore()));
        }
        if (q.assignee() != null) {
            sql.append(" and assignee = :assignee");
            params.put("assignee", q.assignee());
        }
        if (q.overdue() != null) {
            sql.append(q.overdue() ? " and overdue_flagged_at is not null" : " and overdue_flagged_at is null");
        }
        if (after != null) {
            sql.append(" and (").append(DUE_SORT_KEY).append(", id) > (:afterDue, :afterId)");
            params.put("afterDue", date(after.date()));
            params.put("afterId", after.id());
        }
        sql.append(" order by ").append(DUE_SORT_KEY).append(", id limit :limit");
        return jdbc.sql(sql.toString()).params(params).query(this::map).list();
    }

    /** Cases without a due date (awaiting payment) sort last; the indexes are on this very expression (V4). */
    static final String DUE_SORT_KEY = "coalesce(due_date, date '9999-12-31')";

    /** What a clerk filters the work list by; null: no filter (no status: the open cases). */
    record WorkListFilter(ApplicationStatus status, String serviceType, LocalDate dueBefore, Boolean overdue,
                          String assignee) {
    }

    record WorkListQuery(String tenant, String orgUnit, WorkListFilter filter) {
    }

    void recordStatusChange(UUID applicationId, ApplicationStatus previous, ApplicationStatus status, String by,
                            String reason, Instant at) {
        jdbc.sql("""
                insert into application_status_change (application_id, previous_status, status, changed_by, reason, changed_at)
                values (:id, :previous, :status, :by, :reason, :at)
                """)
                .param("id", applicationId)
                .param("previous", previous == null ? null : previous.name())
                .param("status", status.name())
                .param("by", by)
                .param("reason", reason)
                .param("at", ts(at))
                .update();
    }

    List<StatusChange> history(UUID applicationId) {
        return jdbc.sql("""
                select previous_status, status, changed_by, reason, changed_at from application_status_change
                where application_id = :id order by changed_at, id""")
                .param("id", applicationId)
                .query((rs, n) -> new StatusChange(
                        rs.getString("previous_status") == null ? null : ApplicationStatus.valueOf(rs.getString("previous_status")),
                        ApplicationStatus.valueOf(rs.getString("status")), rs.getString("changed_by"), rs.getString("reason"),
                        rs.getTimestamp("changed_at").toInstant()))
                .list();
    }

    void timeline(UUID applicationId, String kind, String text, Instant at) {
        jdbc.sql("insert into application_timeline (application_id, kind, text, at) values (:id, :kind, :text, :at)")
                .param("id", applicationId)
                .param("kind", kind)
                .param("text", text)
                .param("at", ts(at))
                .update();
    }

    /** Status changes and the other citizen-visible entries, oldest first (status changes are stored once only). */
    List<TimelineEntry> timeline(UUID applicationId) {
        return jdbc.sql("""
                select kind, text, at from (
                    select 'STATUS_CHANGED' as kind,
                           coalesce(previous_status || ' → ', '') || status as text, changed_at as at, 0 as source, id
                      from application_status_change where application_id = :id
                    union all
                    select kind, text, at, 1 as source, id from application_timeline where application_id = :id
                ) t order by at, source, id""")
                .param("id", applicationId)
                .query((rs, n) -> new TimelineEntry(rs.getString("kind"), rs.getString("text"), rs.getTimestamp("at").toInstant()))
                .list();
    }

    Note addNote(UUID applicationId, String author, String text, Instant at) {
        return jdbc.sql("""
                insert into application_note (application_id, author, text, created_at) values (:id, :author, :text, :at)
                returning id, author, text, created_at""")
                .param("id", applicationId)
                .param("author", author)
                .param("text", text)
                .param("at", ts(at))
                .query((rs, n) -> new Note(rs.getLong("id"), rs.getString("author"), rs.getString("text"),
                        rs.getTimestamp("created_at").toInstant()))
                .single();
    }

    List<Note> notes(UUID applicationId) {
        return jdbc.sql("select id, author, text, created_at from application_note where application_id = :id order by id")
                .param("id", applicationId)
                .query((rs, n) -> new Note(rs.getLong("id"), rs.getString("author"), rs.getString("text"),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    /** Open cases past their due date not flagged yet, locked; concurrent job runs skip each other's rows. */
    List<Application> lockOverdue(LocalDate today, int limit) {
        return jdbc.sql("select " + COLUMNS + """
                         from application
                        where due_date < :today and overdue_flagged_at is null
                          and status in ('SUBMITTED', 'IN_REVIEW', 'INFORMATION_REQUESTED')
                        order by due_date limit :limit
                        for update skip locked""")
                .param("today", date(today))
                .param("limit", limit)
                .query(this::map)
                .list();
    }

    void flagOverdue(UUID id, Instant at) {
        jdbc.sql("update application set overdue_flagged_at = :at, version = version + 1 where id = :id")
                .param("at", ts(at))
                .param("id", id)
                .update();
    }

    record Erasable(UUID id, String tenant, String citizenId, String serviceType) {
    }

    /** Closed cases whose retention has run out, locked; concurrent job runs skip each other's rows. */
    List<Erasable> lockErasable(Instant now, int limit) {
        return jdbc.sql("""
                select a.id, a.tenant, a.citizen_id, a.service_type
                  from application a join service_type_version s
                    on s.tenant = a.tenant and s.key = a.service_type and s.version = a.service_type_version
                 where a.closed_at is not null and a.erased_at is null
                   and a.closed_at + make_interval(days => s.retention_days) < :now
                 order by a.closed_at limit :limit
                 for update of a skip locked""")
                .param("now", ts(now))
                .param("limit", limit)
                .query((rs, n) -> new Erasable(rs.getObject("id", UUID.class), rs.getString("tenant"),
                        rs.getString("citizen_id"), rs.getString("service_type")))
                .list();
    }

    List<String> documentStorageKeys(UUID applicationId) {
        return jdbc.sql("select storage_key from application_document where application_id = :id")
                .param("id", applicationId)
                .query(String.class)
                .list();
    }

    /** Removes the personal data of a case; keeps the bare facts (service, status, dates) for statistics. */
    void erase(UUID id, String placeholder, Instant at) {
        jdbc.sql("delete from application_note where application_id = :id").param("id", id).update();
        jdbc.sql("delete from application_document where application_id = :id").param("id", id).update();
        jdbc.sql("update application_timeline set text = null where application_id = :id").param("id", id).update();
        jdbc.sql("update application_status_change set reason = null, changed_by = :placeholder where application_id = :id")
                .param("placeholder", placeholder).param("id", id).update();
        jdbc.sql("""
                update application set citizen_id = :placeholder, form_data = '{}'::jsonb, info_request = null,
                    decision_reason = null, assignee = null, erased_at = :at, version = version + 1
                where id = :id""")
                .param("placeholder", placeholder)
                .param("at", ts(at))
                .param("id", id)
                .update();
    }

    private Application map(ResultSet rs, int row) throws SQLException {
        return new Application(
                rs.getObject("id", UUID.class),
                rs.getString("tenant"),
                rs.getString("citizen_id"),
                rs.getString("service_type"),
                rs.getInt("service_type_version"),
                ApplicationStatus.valueOf(rs.getString("status")),
                json.readValue(rs.getString("form_data"), FORM),
                rs.getLong("fee_amount_cents"),
                instant(rs, "fee_paid_at"),
                rs.getString("org_unit"),
                rs.getString("assignee"),
                localDate(rs, "due_date"),
                localDate(rs, "deemed_approval_date"),
                instant(rs, "suspended_at"),
                rs.getInt("suspended_days"),
                instant(rs, "overdue_flagged_at"),
                rs.getString("info_request"),
                localDate(rs, "info_answer_due"),
                rs.getString("decision_reason"),
                rs.getObject("appointment_id", UUID.class),
                instant(rs, "appointment_start"),
                instant(rs, "created_at"),
                instant(rs, "submitted_at"),
                instant(rs, "updated_at"),
                instant(rs, "closed_at"),
                instant(rs, "erased_at"),
                rs.getInt("version"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static LocalDate localDate(ResultSet rs, String column) throws SQLException {
        Date d = rs.getDate(column);
        return d == null ? null : d.toLocalDate();
    }

    static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    static Date date(LocalDate date) {
        return date == null ? null : Date.valueOf(date);
    }
}
