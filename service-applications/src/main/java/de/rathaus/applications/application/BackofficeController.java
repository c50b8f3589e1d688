package de.rathaus.applications.application;

import static de.rathaus.applications.application.CitizenApplicationsController.withETag;

import de.rathaus.applications.api.BackofficeApi;
import de.rathaus.applications.api.model.ApplicationDto;
import de.rathaus.applications.api.model.ApplicationPageDto;
import de.rathaus.applications.api.model.ApplicationStatusDto;
import de.rathaus.applications.api.model.AssignmentRequestDto;
import de.rathaus.applications.api.model.DecisionRequestDto;
import de.rathaus.applications.api.model.InformationRequestRequestDto;
import de.rathaus.applications.api.model.NoteDto;
import de.rathaus.applications.api.model.NoteRequestDto;
import de.rathaus.applications.api.model.StatusChangeRequestDto;
import de.rathaus.applications.api.model.SuspensionRequestDto;
import de.rathaus.applications.web.Caller;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.RestController;

/** Case handling by clerks (admins may do the same). Writes need If-Match; everything is audited with a purpose. */
@RestController
@PreAuthorize("hasAnyRole('clerk', 'admin')")
class BackofficeController implements BackofficeApi {

    private final ApplicationService service;
    private final ApplicationMapper mapper;

    BackofficeController(ApplicationService service, ApplicationMapper mapper) {
        this.service = service;
        this.mapper = mapper;
    }

    @Override
    public ResponseEntity<ApplicationPageDto> listWorkItems(ApplicationStatusDto status, String serviceType, LocalDate dueBefore,
                                                            Boolean overdue, String assignee, String cursor, Integer limit,
                                                            String purpose) {
        ApplicationService.Page page = service.workList(Caller.get(), mapper.toDomain(status), serviceType, dueBefore,
                overdue, assignee, cursor, limit == null ? 50 : limit, purpose);
        List<ApplicationDto> items = page.items().stream().map(mapper::toListDto).toList();
        return ResponseEntity.ok(new ApplicationPageDto(items).nextCursor(page.nextCursor()));
    }

    @Override
    public ResponseEntity<ApplicationDto> changeApplicationStatus(UUID applicationId, StatusChangeRequestDto request,
                                                                  String ifMatch, String purpose) {
        return ok(service.changeStatus(Caller.get(), applicationId, mapper.toDomain(request.getStatus()),
                request.getReason(), ifMatch, purpose));
    }

    @Override
    public ResponseEntity<ApplicationDto> assignApplication(UUID applicationId, AssignmentRequestDto request, String ifMatch,
                                                            String purpose) {
        return ok(service.assign(Caller.get(), applicationId, request.getAssignee(), ifMatch, purpose));
    }

    @Override
    public ResponseEntity<ApplicationDto> requestInformation(UUID applicationId, InformationRequestRequestDto request,
                                                             String ifMatch, String purpose) {
        return ok(service.requestInformation(Caller.get(), applicationId, request.getQuestion(), request.getAnswerDueDate(),
                ifMatch, purpose));
    }

    @Override
    public ResponseEntity<ApplicationDto> suspendApplication(UUID applicationId, SuspensionRequestDto request, String ifMatch,
                                                             String purpose) {
        return ok(service.suspend(Caller.get(), applicationId, request.getReason(), ifMatch, purpose));
    }

    @Override
    public ResponseEntity<ApplicationDto> resumeApplication(UUID applicationId, String ifMatch, String purpose) {
        return ok(service.resume(Caller.get(), applicationId, ifMatch, purpose));
    }

    @Override
    public ResponseEntity<ApplicationDto> decideApplication(UUID applicationId, DecisionRequestDto request, String ifMatch,
                                                            String purpose) {
        return ok(service.decide(Caller.get(), applicationId, ApplicationStatus.valueOf(request.getDecision().getValue()),
                request.getReason(), ifMatch, purpose));
    }

    @Override
    public ResponseEntity<NoteDto> addNote(UUID applicationId, NoteRequestDto request, String purpose) {
        ApplicationRepository.Note note = service.addNote(Caller.get(), applicationId, request.getText(), purpose);
        return ResponseEntity.created(URI.create("/api/v1/applications/backoffice/applications/" + applicationId + "/notes"))
                .body(mapper.toDto(note));
    }

    @Override
    public ResponseEntity<List<NoteDto>> listNotes(UUID applicationId, String purpose) {
        return ResponseEntity.ok(mapper.toNoteDtos(service.notes(Caller.get(), applicationId, purpose)));
    }

    private ResponseEntity<ApplicationDto> ok(Application application) {
        return withETag(ResponseEntity.ok(), mapper.toDto(application));
    }
}
