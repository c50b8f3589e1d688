package de.rathaus.notifications.preferences;

import de.rathaus.notifications.MappingConfig;
import de.rathaus.notifications.api.model.PreferenceChangeDto;
import de.rathaus.notifications.api.model.PreferencesDto;
import de.rathaus.notifications.events.EventCatalog;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;

@Mapper(config = MappingConfig.class, imports = EventCatalog.class)
interface PreferencesMapper {

    @Mapping(target = "categories", expression = "java(EventCatalog.CATEGORIES)")
    PreferencesDto toDto(Preferences preferences);

    PreferenceChangeDto toDto(PreferenceRepository.Change change);

    default OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
