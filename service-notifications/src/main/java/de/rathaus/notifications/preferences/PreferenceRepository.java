package de.rathaus.notifications.preferences;

import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

@Repository
public class PreferenceRepository {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    PreferenceRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public Optional<Preferences> find(String tenant, String citizenId) {
        return jdbc.sql("select channels, language, opt_outs, updated_at from preference where tenant = :tenant and citizen_id = :citizen")
                .param("tenant", tenant).param("citizen", citizenId)
                .query((rs, n) -> new Preferences(strings(rs.getArray(1)), rs.getString(2), strings(rs.getArray(3)),
                        rs.getTimestamp(4).toInstant(), true))
                .optional();
    }

    /** Locks the citizen's row (if any) so that concurrent changes are audited one after the other. */
    Optional<Preferences> findForUpdate(String tenant, String citizenId) {
        jdbc.sql("select pg_advisory_xact_lock(hashtext(:key))").param("key", "pref|" + tenant + "|" + citizenId).query().singleRow();
        return find(tenant, citizenId);
    }

    void upsert(String tenant, String citizenId, Preferences p) {
        jdbc.sql("""
                insert into preference (tenant, citizen_id, channels, language, opt_outs, updated_at)
                values (:tenant, :citizen, :channels, :language, :optOuts, :at)
                on conflict (tenant, citizen_id) do update
                   set channels = excluded.channels, language = excluded.language, opt_outs = excluded.opt_outs, updated_at = excluded.updated_at
                """)
                .param("tenant", tenant).param("citizen", citizenId)
                .param("channels", p.channels().toArray(String[]::new))
                .param("language", p.language())
                .param("optOuts", p.optOuts().toArray(String[]::new))
                .param("at", Timestamp.from(p.updatedAt()))
                .update();
    }

    void audit(String tenant, String citizenId, String changedBy, Instant at, Preferences before, Preferences after) {
        jdbc.sql("""
                insert into preference_audit (id, tenant, citizen_id, changed_by, changed_at, before, after)
                values (:id, :tenant, :citizen, :by, :at, cast(:before as jsonb), cast(:after as jsonb))
                """)
                .param("id", UUID.randomUUID()).param("tenant", tenant).param("citizen", citizenId).param("by", changedBy)
                .param("at", Timestamp.from(at))
                .param("before", json.writeValueAsString(before)).param("after", json.writeValueAsString(after))
                .update();
    }

    record Change(Instant changedAt, String changedBy, Preferences before, Preferences after) {
    }

    List<Change> changes(String tenant, String citizenId) {
        return jdbc.sql("select changed_at, changed_by, before::text, after::text from preference_audit where tenant = :tenant and citizen_id = :citizen order by changed_at desc, id limit 500")
                .param("tenant", tenant).param("citizen", citizenId)
                .query((rs, n) -> new Change(rs.getTimestamp(1).toInstant(), rs.getString(2),
                        json.readValue(rs.getString(3), Preferences.class), json.readValue(rs.getString(4), Preferences.class)))
                .list();
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
