package de.rathaus.payments.refund;

import de.rathaus.payments.MappingConfig;
import de.rathaus.payments.api.model.RefundDto;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.mapstruct.Mapper;

@Mapper(config = MappingConfig.class)
interface RefundMapper {

    RefundDto toDto(Refund refund);

    List<RefundDto> toDtos(List<Refund> refunds);

    default OffsetDateTime toOffsetDateTime(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
