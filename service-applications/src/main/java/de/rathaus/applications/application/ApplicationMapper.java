package de.rathaus.applications.application;

import de.rathaus.applications.MappingConfig;
import de.rathaus.applications.api.model.ApplicationDto;
import de.rathaus.applications.api.model.ApplicationStatusDto;
import de.rathaus.applications.api.model.DocumentDto;
import de.rathaus.applications.api.model.NoteDto;
import de.rathaus.applications.api.model.StatusChangeDto;
import de.rathaus.applications.api.model.TimelineEntryDto;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
import org.mapstruct.Named;

@Mapper(config = MappingConfig.class)
interface ApplicationMapper {

    ApplicationDto toDto(Application application);

    List<ApplicationDto> toDtos(List<Application> applications);

    /** Work-list rows: the form stays out of the list (data minimisation); a clerk opens the case to read it. */
    @Named("listRow")
    @Mapping(target = "formData", ignore = true)
    @Mapping(target = "informationRequest", ignore = true)
    @Mapping(target = "decisionReason", ignore = true)
    ApplicationDto toListDto(Application application);

    ApplicationStatus toDomain(ApplicationStatusDto status);

    @Mapping(target = "previousStatus", source = "previous")
    @Mapping(target = "changedAt", source = "at")
    StatusChangeDto toDto(ApplicationRepository.StatusChange change);

    List<StatusChangeDto> toStatusChangeDtos(List<ApplicationRepository.StatusChange> changes);

    TimelineEntryDto toDto(ApplicationRepository.TimelineEntry entry);

    List<TimelineEntryDto> toTimelineDtos(List<ApplicationRepository.TimelineEntry> entries);

    DocumentDto toDto(DocumentRepository.Document document);

    List<DocumentDto> toDocumentDtos(List<DocumentRepository.Document> documents);

    NoteDto toDto(ApplicationRepository.Note note);

    List<NoteDto> toNoteDtos(List<ApplicationRepository.Note> notes);

    default OffsetDateTime toOffsetDateTime(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
