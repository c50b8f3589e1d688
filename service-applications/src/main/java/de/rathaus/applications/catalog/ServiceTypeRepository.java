package de.rathaus.applications.catalog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
public class ServiceTypeRepository {

    private static final String COLUMNS = """
            tenant, key, version, leika_key, name_de, name_en, form_schema::text as form_schema,
            required_documents::text as required_documents, fee_rule::text as fee_rule, processing_days, deemed_approval,
            org_unit, appointment_required, retention_days, published_at""";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    /**
     * Published versions never change (a change is a new version), so a version once read is kept: a submission
     * then only asks the database which version is current (an index-only lookup) instead of reading and parsing
     * the form schema, document list and fee rule every time. The instances are shared: don't modify their maps.
     */
    private final Cache<VersionKey, ServiceType> versions = Caffeine.newBuilder().maximumSize(5_000).build();

    private record VersionKey(String tenant, String key, int version) {
    }

    ServiceTypeRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The current (highest) version of every service type of the tenant. */
    public List<ServiceType> findCurrentByTenant(String tenant) {
        return jdbc.sql("select distinct on (key) " + COLUMNS
                        + " from service_type_version where tenant = :tenant order by key, version desc")
                .param("tenant", tenant)
                .query(this::map)
                .list();
    }

    public List<ServiceType> findAllVersions(String tenant) {
        return jdbc.sql("select " + COLUMNS + " from service_type_version where tenant = :tenant order by key, version")
                .param("tenant", tenant)
                .query(this::map)
                .list();
    }

    public Optional<ServiceType> findCurrent(String tenant, String key) {
        return jdbc.sql("select version from service_type_version where tenant = :tenant and key = :key"
                        + " order by version desc limit 1")
                .param("tenant", tenant)
                .param("key", key)
                .query(Integer.class)
                .optional()
                .map(current -> find(tenant, key, current));
    }

    public ServiceType find(String tenant, String key, int version) {
        return versions.get(new VersionKey(tenant, key, version), k -> jdbc.sql("select " + COLUMNS
                        + " from service_type_version where tenant = :tenant and key = :key and version = :version")
                .param("tenant", k.tenant())
                .param("key", k.key())
                .param("version", k.version())
                .query(this::map)
                .single());
    }

    /** Inserts the next version of {@code type.key()}; the primary key serialises concurrent publishers. */
    ServiceType insertNextVersion(ServiceType type, String publishedBy, Instant publishedAt) {
        return jdbc.sql("""
                insert into service_type_version (tenant, key, version, leika_key, name_de, name_en, form_schema,
                    required_documents, fee_rule, processing_days, deemed_approval, org_unit, appointment_required,
                    retention_days, published_at, published_by)
                select :tenant, :key, coalesce(max(version), 0) + 1, :leika, :nameDe, :nameEn, cast(:form as jsonb),
                       cast(:docs as jsonb), cast(:fee as jsonb), :days, :deemed, :orgUnit, :appointment, :retention,
                       :publishedAt, :by
                from service_type_version where tenant = :tenant and key = :key
                returning\s""" + COLUMNS)
                .param("tenant", type.tenant())
                .param("key", type.key())
                .param("leika", type.leikaKey())
                .param("nameDe", type.nameDe())
                .param("nameEn", type.nameEn())
                .param("form", json.writeValueAsString(type.formSchema()))
                .param("docs", json.writeValueAsString(type.requiredDocuments()))
                .param("fee", json.writeValueAsString(type.feeRule()))
                .param("days", type.processingDays())
                .param("deemed", type.deemedApproval())
                .param("orgUnit", type.orgUnit())
                .param("appointment", type.appointmentRequired())
                .param("retention", type.retentionDays())
                .param("publishedAt", Timestamp.from(publishedAt))
                .param("by", publishedBy)
                .query(this::map)
                .single();
    }

    private ServiceType map(ResultSet rs, int row) throws SQLException {
        return new ServiceType(rs.getString("tenant"), rs.getString("key"), rs.getInt("version"),
                rs.getString("leika_key"), rs.getString("name_de"), rs.getString("name_en"),
                json.readValue(rs.getString("form_schema"), new TypeReference<Map<String, Object>>() {
                }),
                json.readValue(rs.getString("required_documents"), new TypeReference<List<String>>() {
                }),
                json.readValue(rs.getString("fee_rule"), FeeRule.class),
                rs.getInt("processing_days"), rs.getBoolean("deemed_approval"), rs.getString("org_unit"),
                rs.getBoolean("appointment_required"), rs.getInt("retention_days"),
                rs.getTimestamp("published_at").toInstant());
    }
}
