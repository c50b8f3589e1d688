package de.rathaus.appointments.booking;

import de.rathaus.appointments.api.model.AppointmentDto;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;

@Mapper
public interface AppointmentMapper {

    @Mapping(target = "guest", expression = "java(appointment.isGuest())")
    AppointmentDto toDto(Appointment appointment);

    List<AppointmentDto> toDtos(List<Appointment> appointments);

    default OffsetDateTime toOffsetDateTime(Instant instant) {
        return AppointmentEvents.local(instant);
    }
}
