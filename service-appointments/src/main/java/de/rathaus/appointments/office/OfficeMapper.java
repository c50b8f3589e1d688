package de.rathaus.appointments.office;

import de.rathaus.appointments.api.model.OfficeDto;
import de.rathaus.appointments.api.model.SlotDto;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;

@Mapper
interface OfficeMapper {

    OfficeDto toDto(Office office);

    List<OfficeDto> toOfficeDtos(List<Office> offices);

    @Mapping(target = "freeCapacity", expression = "java(slot.freeCapacity())")
    SlotDto toDto(Slot slot);

    List<SlotDto> toSlotDtos(List<Slot> slots);

    default OffsetDateTime toOffsetDateTime(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
