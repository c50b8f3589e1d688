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
import de.rathaus.platform.web.ETags;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.RestController;

/**
 * Case handling by clerks (admins may do the same). Writes need If-Match (428 without): the version it names goes
 * to the use case, which refuses a stale one (412). Everything is audited with a purpose.
 */
@RestController
@PreAuthorize("hasAnyRole('clerk', 'admin')")
class BackofficeController implements BackofficeApi {

    private final CaseHandling cases;
    private final ApplicationMapper mapper;

    BackofficeController(CaseHandling cases, ApplicationMapper mapper) {
        this.cases = cases;
        this.mapper = mapper;
    }

    @Override
    public ResponseEntity<ApplicationPageDto> listWorkItems(ApplicationStatusDto status, String serviceType, LocalDate dueBefore,
                                                            Boolean overdue, String assignee, String cursor, Integer limit,
                                                            String purpose) {
        ApplicationRepository.WorkListFilter filter = new ApplicationRepository.WorkListFilter(mapper.toDomain(status),
                serviceType, dueBefore, overdue, assignee);
        Page page = cases.workList(Caller.get(), filter, cursor, limit == null ? 50 : limit, purpose);
        List<ApplicationDto> items = page.items().stream().map(mapper::toListDto).toList();
        return ResponseEntity.ok(new ApplicationPageDto(items).nextCursor(page.nextCursor()));
    }

    @Override
    public ResponseEntity<ApplicationDto> changeApplicationStatus(UUID applicationId, StatusChangeRequestDto request,
                                                                  String ifMatch, String purpose) {
        return ok(cases.changeStatus(Caller.get(), applicationId, mapper.toDomain(request.getStatus()),
                request.getReason(), ETags.required(ifMatch, "application"), purpose));
    }

    @Override
    public ResponseEntity<ApplicationDto> assignApplication(UUID applicationId, AssignmentRequestDto request, String ifMatch,
                                                            String purpose) {
        return ok(cases.assign(Caller.get(), applicationId, request.getAssignee(), ETags.required(ifMatch, "application"), purpose));
    }

    @Override
    public ResponseEntity<ApplicationDto> requestInformation(UUID applicationId, InformationRequestRequestDto request,
                                                             String ifMatch, String purpose) {
        return ok(cases.requestInformation(Caller.get(), applicationId, request.getQuestion(), request.getAnswerDueDate(),
                ETags.required(ifMatch, "application"), purpose));
    }

    @Override
    public ResponseEntity<ApplicationDto> suspendApplication(UUID applicationId, SuspensionRequestDto request, String ifMatch,
                                                             String purpose) {
        return ok(cases.suspend(Caller.get(), applicationId, request.getReason(), ETags.required(ifMatch, "application"), purpose));
    }

    @Override
    public ResponseEntity<ApplicationDto> resumeApplication(UUID applicationId, String ifMatch, String purpose) {
        return ok(cases.resume(Caller.get(), applicationId, ETags.required(ifMatch, "application"), purpose));
    }

    @Override
    public ResponseEntity<ApplicationDto> decideApplication(UUID applicationId, DecisionRequestDto request, String ifMatch,
                                                            String purpose) {
        return ok(cases.decide(Caller.get(), applicationId, ApplicationStatus.valueOf(request.getDecision().getValue()),
                request.getReason(), ETags.required(ifMatch, "application"), purpose));
    }

    @Override
    public ResponseEntity<NoteDto> addNote(UUID applicationId, NoteRequestDto request, String purpose) {
        ApplicationRepository.Note note = cases.addNote(Caller.get(), applicationId, request.getText(), purpose);
        return ResponseEntity.created(URI.create("/api/v1/applications/backoffice/applications/" + applicationId + "/notes"))
                .body(mapper.toDto(note));
    }

    @Override
    public ResponseEntity<List<NoteDto>> listNotes(UUID applicationId, String purpose) {
        return ResponseEntity.ok(mapper.toNoteDtos(cases.notes(Caller.get(), applicationId, purpose)));
    }

    private ResponseEntity<ApplicationDto> ok(Application application) {
        return withETag(ResponseEntity.ok(), mapper.toDto(application));
    }
}
