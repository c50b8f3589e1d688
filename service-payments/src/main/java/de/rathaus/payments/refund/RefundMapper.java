package de.rathaus.payments.refund;

import de.rathaus.payments.api.model.RefundDto;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.mapstruct.Mapper;

/**
 * Domain to DTO. The generated implementation is named {@code GeneratedRefundMapper} rather than MapStruct's default
 * {@code RefundMapperImpl}: a name ending in {@code Mapper} marks it as the adapter it is for {@code ArchitectureRules}.
 */
@Mapper(implementationName = "Generated<CLASS_NAME>")
interface RefundMapper {

    RefundDto toDto(Refund refund);

    List<RefundDto> toDtos(List<Refund> refunds);

    default OffsetDateTime toOffsetDateTime(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
