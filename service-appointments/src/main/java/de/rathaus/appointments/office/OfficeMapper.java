package de.rathaus.appointments.office;

import de.rathaus.appointments.api.model.OfficeDto;
import de.rathaus.appointments.api.model.SlotDto;
import de.rathaus.appointments.api.model.SlotPageDto;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import org.mapstruct.Mapper;

@Mapper
public interface OfficeMapper {

    ZoneId LOCAL = ZoneId.of("Europe/Berlin");

    OfficeDto toDto(Office office);

    List<OfficeDto> toOfficeDtos(List<Office> offices);

    SlotDto toDto(Slot slot);

    SlotPageDto toDto(SlotSearch.Page page);

    default OffsetDateTime toOffsetDateTime(Instant instant) {
        return instant == null ? null : instant.atZone(LOCAL).toOffsetDateTime();
    }

    default String toText(LocalTime time) {
        return time == null ? null : time.toString();
    }
}
