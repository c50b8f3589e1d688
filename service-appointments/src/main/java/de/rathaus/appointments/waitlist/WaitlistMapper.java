package de.rathaus.appointments.waitlist;

import de.rathaus.appointments.api.model.WaitlistEntryDto;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.mapstruct.Mapper;

@Mapper
interface WaitlistMapper {

    WaitlistEntryDto toDto(WaitlistEntry entry);

    default OffsetDateTime toOffsetDateTime(Instant instant) {
        return instant == null ? null : instant.atZone(ZoneId.of("Europe/Berlin")).toOffsetDateTime();
    }
}
