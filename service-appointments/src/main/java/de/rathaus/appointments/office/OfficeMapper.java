package de.rathaus.appointments.office;

import de.rathaus.appointments.api.model.ClosureDto;
import de.rathaus.appointments.api.model.OfficeChangeDto;
import de.rathaus.appointments.api.model.OfficeDto;
import de.rathaus.appointments.api.model.OfficeServiceDefinitionDto;
import de.rathaus.appointments.api.model.OfficeSettingsDto;
import de.rathaus.appointments.api.model.OpeningHoursDto;
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

    OfficeChangeDto toDto(OfficeChange change);

    List<ClosureDto> toClosureDtos(List<Office.Closure> closures);

    OfficeSettings toSettings(OfficeSettingsDto dto);

    Office.OpeningHours toOpeningHours(OpeningHoursDto dto);

    List<Office.OpeningHours> toOpeningHours(List<OpeningHoursDto> dtos);

    Office.OfficeService toService(OfficeServiceDefinitionDto dto);

    List<Office.OfficeService> toServices(List<OfficeServiceDefinitionDto> dtos);

    Office.Closure toClosure(ClosureDto dto);

    default OffsetDateTime toOffsetDateTime(Instant instant) {
        return instant == null ? null : instant.atZone(LOCAL).toOffsetDateTime();
    }

    default String toText(LocalTime time) {
        return time == null ? null : time.toString();
    }

    /** HH:mm (the contract's pattern) as a local time. */
    default LocalTime toTime(String text) {
        return text == null ? null : LocalTime.parse(text);
    }
}
