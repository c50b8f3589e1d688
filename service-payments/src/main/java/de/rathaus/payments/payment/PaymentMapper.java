package de.rathaus.payments.payment;

import de.rathaus.payments.MappingConfig;
import de.rathaus.payments.api.model.PaymentDto;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;

@Mapper(config = MappingConfig.class)
interface PaymentMapper {

    @Mapping(target = "reference.kind", source = "referenceKind")
    @Mapping(target = "reference.id", source = "referenceId")
    @Mapping(target = "amountAvailableCents", expression = "java(payment.amountAvailableCents())")
    PaymentDto toDto(Payment payment);

    List<PaymentDto> toDtos(List<Payment> payments);

    default OffsetDateTime toOffsetDateTime(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    default URI toUri(String value) {
        return value == null ? null : URI.create(value);
    }
}
