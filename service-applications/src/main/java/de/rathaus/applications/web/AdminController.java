package de.rathaus.applications.web;

import de.rathaus.applications.MappingConfig;
import de.rathaus.applications.api.AdminApi;
import de.rathaus.applications.api.model.AuditEntryDto;
import de.rathaus.applications.api.model.ServiceTypeDefinitionDto;
import de.rathaus.applications.api.model.ServiceTypeDto;
import de.rathaus.applications.audit.AuditLog;
import de.rathaus.applications.catalog.CatalogAdmin;
import de.rathaus.applications.catalog.CatalogMapper;
import de.rathaus.platform.security.CurrentUser;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.mapstruct.Mapper;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.RestController;

/** Admin routes of the admin's municipality: catalog versions (the catalog feature) and the audit trail (audit). */
@RestController
@PreAuthorize("hasRole('admin')")
class AdminController implements AdminApi {

    @Mapper(config = MappingConfig.class)
    interface AuditMapper {
        AuditEntryDto toDto(AuditLog.Entry entry);

        List<AuditEntryDto> toDtos(List<AuditLog.Entry> entries);

        default OffsetDateTime toOffsetDateTime(Instant instant) {
            return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
        }
    }

    private final AuditLog audit;
    private final CatalogAdmin catalog;
    private final AuditMapper auditMapper;
    private final CatalogMapper catalogMapper;

    AdminController(AuditLog audit, CatalogAdmin catalog, AuditMapper auditMapper, CatalogMapper catalogMapper) {
        this.audit = audit;
        this.catalog = catalog;
        this.auditMapper = auditMapper;
        this.catalogMapper = catalogMapper;
    }

    @Override
    public ResponseEntity<List<AuditEntryDto>> searchAudit(String actor, UUID applicationId, String citizenId,
                                                           OffsetDateTime from, OffsetDateTime to, Integer limit) {
        return ResponseEntity.ok(auditMapper.toDtos(audit.search(CurrentUser.get().tenant(), actor, applicationId, citizenId,
                from == null ? null : from.toInstant(), to == null ? null : to.toInstant(), limit == null ? 50 : limit)));
    }

    @Override
    public ResponseEntity<List<ServiceTypeDto>> listServiceTypeVersions() {
        return ResponseEntity.ok(catalogMapper.toDtos(catalog.listAllVersions(CurrentUser.get())));
    }

    @Override
    public ResponseEntity<ServiceTypeDto> publishServiceTypeVersion(ServiceTypeDefinitionDto definition) {
        CurrentUser admin = CurrentUser.get();
        ServiceTypeDto published = catalogMapper.toDto(catalog.publish(admin, catalogMapper.toDomain(definition, admin.tenant())));
        return ResponseEntity.created(URI.create("/api/v1/applications/service-types")).body(published);
    }
}
