package de.rathaus.notifications.templates;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class TemplateRepository {

    private static final String COLUMNS = "event_type, language, version, subject, text_body, html_body, sms_body, created_by, created_at";
    private final JdbcClient jdbc;

    TemplateRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<StoredTemplate> latest(String tenant, String eventType, String language) {
        return jdbc.sql("select " + COLUMNS + " from template_version where tenant = :tenant and event_type = :type and language = :language"
                        + " order by version desc limit 1")
                .param("tenant", tenant).param("type", eventType).param("language", language)
                .query(TemplateRepository::map)
                .optional();
    }

    List<StoredTemplate> versions(String tenant, String eventType, String language) {
        return jdbc.sql("select " + COLUMNS + " from template_version where tenant = :tenant and event_type = :type and language = :language"
                        + " order by version desc")
                .param("tenant", tenant).param("type", eventType).param("language", language)
                .query(TemplateRepository::map)
                .list();
    }

    List<StoredTemplate> latestOfTenant(String tenant) {
        return jdbc.sql("select distinct on (event_type, language) " + COLUMNS + " from template_version where tenant = :tenant"
                        + " order by event_type, language, version desc")
                .param("tenant", tenant)
                .query(TemplateRepository::map)
                .list();
    }

    /** The next version number under a row lock on the tenant's template history (concurrent saves get distinct versions). */
    StoredTemplate insertNextVersion(String tenant, String eventType, String language, TemplateContent c, String by, Instant at) {
        jdbc.sql("select pg_advisory_xact_lock(hashtext(:key))").param("key", tenant + "|" + eventType + "|" + language).query().singleRow();
        int version = jdbc.sql("select coalesce(max(version), 0) + 1 from template_version where tenant = :tenant and event_type = :type and language = :language")
                .param("tenant", tenant).param("type", eventType).param("language", language)
                .query(Integer.class).single();
        jdbc.sql("""
                insert into template_version (tenant, event_type, language, version, subject, text_body, html_body, sms_body, created_by, created_at)
                values (:tenant, :type, :language, :version, :subject, :text, :html, :sms, :by, :at)
                """)
                .param("tenant", tenant).param("type", eventType).param("language", language).param("version", version)
                .param("subject", c.subject()).param("text", c.text()).param("html", c.html()).param("sms", c.sms())
                .param("by", by).param("at", Timestamp.from(at))
                .update();
        return new StoredTemplate(eventType, language, true, version, c, by, at);
    }

    private static StoredTemplate map(ResultSet rs, int row) throws SQLException {
        return new StoredTemplate(rs.getString("event_type"), rs.getString("language"), true, rs.getInt("version"),
                new TemplateContent(rs.getString("subject"), rs.getString("text_body"), rs.getString("html_body"), rs.getString("sms_body")),
                rs.getString("created_by"), rs.getTimestamp("created_at").toInstant());
    }
}
