package de.rathaus.applications.application;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
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
    private static final String COLUMNS = """
            id, tenant, citizen_id, service_type, status, form_data::text as form_data, fee_amount_cents,
            submitted_at, updated_at, version""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ApplicationRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(Application a) {
        jdbc.sql("""
                insert into application (id, tenant, citizen_id, service_type, status, form_data, fee_amount_cents,
                                         submitted_at, updated_at, version)
                values (:id, :tenant, :citizenId, :serviceType, :status, cast(:formData as jsonb), :fee,
                        :submittedAt, :updatedAt, 0)
                """)
                .param("id", a.id())
                .param("tenant", a.tenant())
                .param("citizenId", a.citizenId())
                .param("serviceType", a.serviceType())
                .param("status", a.status().name())
                .param("formData", json.writeValueAsString(a.formData()))
                .param("fee", a.feeAmountCents())
                .param("submittedAt", Timestamp.from(a.submittedAt()))
                .param("updatedAt", Timestamp.from(a.updatedAt()))
                .update();
    }

    /** Changes the status if nobody changed the application since it was read; false on a lost race. */
    boolean updateStatus(Application before, ApplicationStatus status, Instant at) {
        return jdbc.sql("""
                update application set status = :status, updated_at = :at, version = version + 1
                where id = :id and version = :version
                """)
                .param("status", status.name())
                .param("at", Timestamp.from(at))
                .param("id", before.id())
                .param("version", before.version())
                .update() == 1;
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
                .param("at", Timestamp.from(at))
                .update();
    }

    Optional<Application> findInTenant(String tenant, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from application where tenant = :tenant and id = :id")
                .param("tenant", tenant)
                .param("id", id)
                .query(this::map)
                .optional();
    }

    List<Application> findByCitizen(String tenant, String citizenId) {
        return jdbc.sql("select " + COLUMNS + """
                         from application where tenant = :tenant and citizen_id = :citizenId
                        order by submitted_at desc limit 500""")
                .param("tenant", tenant)
                .param("citizenId", citizenId)
                .query(this::map)
                .list();
    }

    List<Application> findByTenant(String tenant, ApplicationStatus status) {
        return jdbc.sql("select " + COLUMNS + """
                         from application where tenant = :tenant and (cast(:status as text) is null or status = :status)
                        order by submitted_at desc limit 500""")
                .param("tenant", tenant)
                .param("status", status == null ? null : status.name())
                .query(this::map)
                .list();
    }

    private Application map(ResultSet rs, int row) throws SQLException {
        return new Application(
                rs.getObject("id", UUID.class),
                rs.getString("tenant"),
                rs.getString("citizen_id"),
                rs.getString("service_type"),
                ApplicationStatus.valueOf(rs.getString("status")),
                json.readValue(rs.getString("form_data"), FORM),
                rs.getLong("fee_amount_cents"),
                rs.getTimestamp("submitted_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                rs.getInt("version"));
    }
}
