package de.rathaus.notifications.inbox;

import de.rathaus.notifications.MappingConfig;
import de.rathaus.notifications.api.model.InboxMessageDto;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;

@Mapper(config = MappingConfig.class)
interface InboxMapper {

    @Mapping(target = "read", expression = "java(message.read())")
    InboxMessageDto toDto(InboxMessage message);

    List<InboxMessageDto> toDtos(List<InboxMessage> messages);

    default OffsetDateTime toOffsetDateTime(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
