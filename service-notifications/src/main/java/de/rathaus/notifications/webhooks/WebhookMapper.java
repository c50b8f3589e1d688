package de.rathaus.notifications.webhooks;

import de.rathaus.notifications.MappingConfig;
import de.rathaus.notifications.api.model.DeliveryDto;
import de.rathaus.notifications.api.model.ReplayDto;
import de.rathaus.notifications.api.model.SubscriptionDto;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;

@Mapper(config = MappingConfig.class)
interface WebhookMapper {

    /** Without the secret: it is shown once, in the answer to the creation. */
    @Mapping(target = "secret", ignore = true)
    SubscriptionDto toDto(Subscription subscription);

    @Mapping(target = "nextAttemptAt", expression = "java(\"PENDING\".equals(row.status()) ? utc(row.nextAttemptAt()) : null)")
    DeliveryDto toDto(DeliveryRepository.Row row);

    ReplayDto toDto(ReplayService.Replay replay);

    default OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
