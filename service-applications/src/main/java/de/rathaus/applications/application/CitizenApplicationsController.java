package de.rathaus.applications.application;

import de.rathaus.applications.api.CitizenApplicationsApi;
import de.rathaus.applications.api.model.ApplicationDto;
import de.rathaus.applications.api.model.SubmitApplicationRequestDto;
import de.rathaus.platform.security.CurrentUser;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.RestController;

@RestController
class CitizenApplicationsController implements CitizenApplicationsApi {

    private final ApplicationService service;
    private final ApplicationMapper mapper;

    CitizenApplicationsController(ApplicationService service, ApplicationMapper mapper) {
        this.service = service;
        this.mapper = mapper;
    }

    @Override
    @PreAuthorize("hasRole('citizen')")
    public ResponseEntity<ApplicationDto> submitApplication(SubmitApplicationRequestDto request) {
        Application application = service.submit(CurrentUser.get(), request.getServiceType(), request.getFormData());
        return ResponseEntity.created(URI.create("/api/v1/applications/" + application.id()))
                .body(mapper.toDto(application));
    }

    @Override
    @PreAuthorize("hasRole('citizen')")
    public ResponseEntity<List<ApplicationDto>> listMyApplications() {
        return ResponseEntity.ok(mapper.toDtos(service.listOwn(CurrentUser.get())));
    }

    @Override
    @PreAuthorize("hasAnyRole('citizen', 'clerk', 'admin')")
    public ResponseEntity<ApplicationDto> getApplication(UUID applicationId) {
        return ResponseEntity.ok(mapper.toDto(service.get(CurrentUser.get(), applicationId)));
    }
}
