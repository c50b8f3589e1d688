package de.rathaus.notifications.delivery;

import de.rathaus.notifications.MappingConfig;
import de.rathaus.notifications.api.model.NotificationDto;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.mapstruct.Mapper;

@Mapper(config = MappingConfig.class)
interface NotificationMapper {

    NotificationDto toDto(Notification notification);

    default OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
