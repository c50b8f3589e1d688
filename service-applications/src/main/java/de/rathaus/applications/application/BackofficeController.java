package de.rathaus.applications.application;

import de.rathaus.applications.api.BackofficeApi;
import de.rathaus.applications.api.model.ApplicationDto;
import de.rathaus.applications.api.model.ApplicationStatusDto;
import de.rathaus.applications.api.model.StatusChangeRequestDto;
import de.rathaus.platform.security.CurrentUser;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.RestController;

@RestController
@PreAuthorize("hasRole('clerk')")
class BackofficeController implements BackofficeApi {

    private final ApplicationService service;
    private final ApplicationMapper mapper;

    BackofficeController(ApplicationService service, ApplicationMapper mapper) {
        this.service = service;
        this.mapper = mapper;
    }

    @Override
    public ResponseEntity<List<ApplicationDto>> listTenantApplications(ApplicationStatusDto status) {
        return ResponseEntity.ok(mapper.toDtos(service.listTenant(CurrentUser.get(), mapper.toDomain(status))));
    }

    @Override
    public ResponseEntity<ApplicationDto> changeApplicationStatus(UUID applicationId, StatusChangeRequestDto request) {
        Application changed = service.changeStatus(CurrentUser.get(), applicationId, mapper.toDomain(request.getStatus()),
                request.getReason());
        return ResponseEntity.ok(mapper.toDto(changed));
    }
}
