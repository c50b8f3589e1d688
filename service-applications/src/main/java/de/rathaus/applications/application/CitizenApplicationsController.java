package de.rathaus.applications.application;

import de.rathaus.applications.api.CitizenApplicationsApi;
import de.rathaus.applications.api.model.ApplicationDto;
import de.rathaus.applications.api.model.ApplicationPageDto;
import de.rathaus.applications.api.model.DataExportDto;
import de.rathaus.applications.api.model.DocumentDto;
import de.rathaus.applications.api.model.InformationResponseRequestDto;
import de.rathaus.applications.api.model.ReasonRequestDto;
import de.rathaus.applications.api.model.StatusChangeDto;
import de.rathaus.applications.api.model.SubmitApplicationRequestDto;
import de.rathaus.applications.api.model.TimelineEntryDto;
import de.rathaus.applications.api.model.UpdateDraftRequestDto;
import de.rathaus.platform.web.ETags;
import de.rathaus.platform.web.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@RestController
class CitizenApplicationsController implements CitizenApplicationsApi {

    private final CitizenApplications applications;
    private final CaseFiles files;
    private final CaseDocuments documents;
    private final ApplicationMapper mapper;
    private final JsonMapper json;
    private final Clock clock;

    CitizenApplicationsController(CitizenApplications applications, CaseFiles files, CaseDocuments documents,
                                  ApplicationMapper mapper, JsonMapper json, Clock clock) {
        this.applications = applications;
        this.files = files;
        this.documents = documents;
        this.mapper = mapper;
        this.json = json;
        this.clock = clock;
    }

    static ResponseEntity<ApplicationDto> withETag(ResponseEntity.BodyBuilder builder, ApplicationDto dto) {
        return builder.eTag(ETags.of(dto.getVersion())).body(dto);
    }

    @Override
    @PreAuthorize("hasRole('citizen')")
    public ResponseEntity<ApplicationDto> submitApplication(SubmitApplicationRequestDto request) {
        Application application = applications.create(Caller.get(), request.getServiceType(), request.getFormData(),
                Boolean.TRUE.equals(request.getDraft()));
        return withETag(ResponseEntity.created(URI.create("/api/v1/applications/" + application.getId())),
                mapper.toDto(application));
    }

    @Override
    @PreAuthorize("hasRole('citizen')")
    public ResponseEntity<ApplicationDto> updateDraft(UUID applicationId, UpdateDraftRequestDto request, String ifMatch) {
        return withETag(ResponseEntity.ok(), mapper.toDto(applications.updateDraft(Caller.get(), applicationId,
                request.getFormData(), ETags.version(ifMatch))));
    }

    @Override
    @PreAuthorize("hasRole('citizen')")
    public ResponseEntity<ApplicationDto> submitDraft(UUID applicationId, String ifMatch) {
        return withETag(ResponseEntity.ok(), mapper.toDto(applications.submitDraft(Caller.get(), applicationId,
                ETags.version(ifMatch))));
    }

    @Override
    @PreAuthorize("hasRole('citizen')")
    public ResponseEntity<ApplicationDto> withdrawApplication(UUID applicationId, String ifMatch, ReasonRequestDto request) {
        return withETag(ResponseEntity.ok(), mapper.toDto(applications.withdraw(Caller.get(), applicationId,
                request == null ? null : request.getReason(), ETags.version(ifMatch))));
    }

    @Override
    @PreAuthorize("hasRole('citizen')")
    public ResponseEntity<ApplicationDto> answerInformationRequest(UUID applicationId, InformationResponseRequestDto request,
                                                                   String ifMatch) {
        return withETag(ResponseEntity.ok(), mapper.toDto(applications.answerInformationRequest(Caller.get(), applicationId,
                request.getAnswer(), ETags.version(ifMatch))));
    }

    @Override
    @PreAuthorize("hasRole('citizen')")
    public ResponseEntity<DocumentDto> attachDocument(UUID applicationId, String kind, MultipartFile file) {
        if (kind == null || !kind.matches("[a-z0-9-]{2,64}")) {
            throw new InvalidInputException("kind", "must match [a-z0-9-]{2,64}");
        }
        if (file == null) {
            throw new InvalidInputException("file", "is required");
        }
        byte[] content;
        try {
            content = file.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DocumentRepository.Document document = documents.attach(Caller.get(), applicationId, kind,
                file.getOriginalFilename(), content);
        return ResponseEntity.created(URI.create("/api/v1/applications/" + applicationId + "/documents/" + document.id() + "/content"))
                .body(mapper.toDto(document));
    }

    @Override
    @PreAuthorize("hasAnyRole('citizen', 'clerk', 'admin')")
    public ResponseEntity<List<DocumentDto>> listDocuments(UUID applicationId, String purpose) {
        return ResponseEntity.ok(mapper.toDocumentDtos(documents.list(Caller.get(), applicationId, purpose)));
    }

    @Override
    @PreAuthorize("hasAnyRole('citizen', 'clerk', 'admin')")
    public ResponseEntity<Resource> downloadDocument(UUID applicationId, UUID documentId, String purpose) {
        CaseDocuments.Content content = documents.download(Caller.get(), applicationId, documentId, purpose);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(content.document().mediaType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(content.document().fileName() == null ? content.document().id().toString()
                                : content.document().fileName()).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .header("Digest", "sha-256=" + content.document().sha256())
                .body(new ByteArrayResource(content.bytes()));
    }

    @Override
    @PreAuthorize("hasRole('citizen')")
    public ResponseEntity<ApplicationPageDto> listMyApplications(String cursor, Integer limit) {
        Page page = files.listOwn(Caller.get(), cursor, limit == null ? 50 : limit);
        return ResponseEntity.ok(new ApplicationPageDto(mapper.toDtos(page.items())).nextCursor(page.nextCursor()));
    }

    @Override
    @PreAuthorize("hasAnyRole('citizen', 'clerk', 'admin')")
    public ResponseEntity<ApplicationDto> getApplication(UUID applicationId, String purpose) {
        return withETag(ResponseEntity.ok(), mapper.toDto(files.get(Caller.get(), applicationId, purpose)));
    }

    @Override
    @PreAuthorize("hasAnyRole('citizen', 'clerk', 'admin')")
    public ResponseEntity<List<StatusChangeDto>> getStatusHistory(UUID applicationId, String purpose) {
        return ResponseEntity.ok(mapper.toStatusChangeDtos(files.history(Caller.get(), applicationId, purpose)));
    }

    @Override
    @PreAuthorize("hasAnyRole('citizen', 'clerk', 'admin')")
    public ResponseEntity<List<TimelineEntryDto>> getTimeline(UUID applicationId, String purpose) {
        return ResponseEntity.ok(mapper.toTimelineDtos(files.timeline(Caller.get(), applicationId, purpose)));
    }

    @Override
    @PreAuthorize("hasRole('citizen')")
    public ResponseEntity<DataExportDto> exportMyData() {
        Caller citizen = Caller.get();
        List<Map<String, Object>> items = new ArrayList<>();
        for (CaseFiles.ExportItem item : files.export(citizen)) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("application", mapper.toDto(item.application()));
            entry.put("statusHistory", mapper.toStatusChangeDtos(item.history()));
            entry.put("timeline", mapper.toTimelineDtos(item.timeline()));
            entry.put("documents", mapper.toDocumentDtos(item.documents()));
            entry.put("accesses", item.accesses().stream().map(a -> {
                Map<String, Object> access = new LinkedHashMap<>();
                access.put("actor", a.actor());
                access.put("action", a.action());
                access.put("purpose", a.purpose());
                access.put("at", a.at().toString());
                return access;
            }).toList());
            items.add(json.convertValue(entry, new TypeReference<Map<String, Object>>() {
            }));
        }
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("meine-daten.json").build().toString())
                .body(new DataExportDto(citizen.subject(), citizen.tenant(), clock.instant().atOffset(ZoneOffset.UTC), items));
    }
}
