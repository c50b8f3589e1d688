package de.rathaus.applications.audit;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The audit trail of staff access to citizen data (who, what, when, why). Written in the transaction of the access
 * itself ({@link Propagation#MANDATORY}): a write and its audit entry commit together, and a read that could not be
 * audited fails.
 */
@Component
public class AuditLog {

    /** Purpose recorded when a clerk sends no {@code X-Purpose}. */
    public static final String DEFAULT_PURPOSE = "Fallbearbeitung";

    public record Entry(long id, String actor, String action, UUID applicationId, String citizenId, String purpose,
                        Instant at) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    AuditLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void record(String tenant, String actor, String action, UUID applicationId, String citizenId, String purpose) {
        jdbc.sql("""
                insert into audit_entry (tenant, actor, action, application_id, citizen_id, purpose, at)
                values (:tenant, :actor, :action, :applicationId, :citizenId, :purpose, :at)
                """)
                .param("tenant", tenant)
                .param("actor", actor)
                .param("action", action)
                .param("applicationId", applicationId)
                .param("citizenId", citizenId)
                .param("purpose", purposeOf(purpose))
                .param("at", Timestamp.from(clock.instant()))
                .update();
    }

    /**
     * The purpose as recorded. Header values are ASCII in practice (browsers refuse anything else, and the servlet
     * container reads the bytes as ISO-8859-1), so a purpose with umlauts comes percent-encoded as UTF-8 (RFC 3986),
     * e.g. {@code R%C3%BCckfrage}. Text that is not valid percent-encoded UTF-8, or whose decoding holds control
     * characters, is recorded as it came.
     */
    static String purposeOf(String header) {
        if (header == null || header.isBlank()) {
            return DEFAULT_PURPOSE;
        }
        String text = header.strip();
        if (text.indexOf('%') < 0) {
            return text;
        }
        String decoded;
        try {
            // a '+' stays a plus: this is a header, not a form
            decoded = URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8).strip();
        } catch (IllegalArgumentException notPercentEncoded) {
            return text;
        }
        boolean clean = !decoded.isEmpty() && decoded.chars().noneMatch(c -> c == '\uFFFD' || Character.isISOControl(c));
        return clean ? decoded : text;
    }

    @Transactional(readOnly = true)
    public List<Entry> search(String tenant, String actor, UUID applicationId, String citizenId, Instant from, Instant to,
                              int limit) {
        return jdbc.sql("""
                select id, actor, action, application_id, citizen_id, purpose, at from audit_entry
                where tenant = :tenant
                  and (cast(:actor as text) is null or actor = :actor)
                  and (cast(:applicationId as uuid) is null or application_id = :applicationId)
                  and (cast(:citizenId as text) is null or citizen_id = :citizenId)
                  and (cast(:from as timestamptz) is null or at >= :from)
                  and (cast(:to as timestamptz) is null or at < :to)
                order by at desc, id desc
                limit :limit
                """)
                .param("tenant", tenant)
                .param("actor", actor)
                .param("applicationId", applicationId)
                .param("citizenId", citizenId)
                .param("from", from == null ? null : Timestamp.from(from))
                .param("to", to == null ? null : Timestamp.from(to))
                .param("limit", limit)
                .query((rs, n) -> new Entry(rs.getLong("id"), rs.getString("actor"), rs.getString("action"),
                        rs.getObject("application_id", UUID.class), rs.getString("citizen_id"), rs.getString("purpose"),
                        rs.getTimestamp("at").toInstant()))
                .list();
    }

    /** Accesses to one citizen's data, for their own GDPR export. */
    @Transactional(readOnly = true)
    public List<Entry> forCitizen(String tenant, String citizenId) {
        return search(tenant, null, null, citizenId, null, null, 10_000);
    }
}
