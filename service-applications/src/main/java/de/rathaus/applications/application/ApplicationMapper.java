package de.rathaus.applications.application;

import de.rathaus.applications.api.model.ApplicationDto;
import de.rathaus.applications.api.model.ApplicationStatusDto;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.mapstruct.Mapper;

@Mapper
interface ApplicationMapper {

    ApplicationDto toDto(Application application);

    List<ApplicationDto> toDtos(List<Application> applications);

    ApplicationStatus toDomain(ApplicationStatusDto status);

    default OffsetDateTime toOffsetDateTime(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
