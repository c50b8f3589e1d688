package de.rathaus.appointments.booking;

import de.rathaus.appointments.api.model.BookingDto;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.mapstruct.Mapper;

@Mapper
interface BookingMapper {

    BookingDto toDto(Booking booking);

    List<BookingDto> toDtos(List<Booking> bookings);

    default OffsetDateTime toOffsetDateTime(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
