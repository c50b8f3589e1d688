package de.rathaus.applications.catalog;

import de.rathaus.applications.MappingConfig;
import de.rathaus.applications.api.model.FeeRuleDto;
import de.rathaus.applications.api.model.ServiceTypeDefinitionDto;
import de.rathaus.applications.api.model.ServiceTypeDto;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;

@Mapper(config = MappingConfig.class)
public interface CatalogMapper {

    ServiceTypeDto toDto(ServiceType serviceType);

    List<ServiceTypeDto> toDtos(List<ServiceType> serviceTypes);

    FeeRuleDto toDto(FeeRule feeRule);

    FeeRule toDomain(FeeRuleDto feeRule);

    @Mapping(target = "tenant", source = "tenant")
    @Mapping(target = "version", constant = "0")
    @Mapping(target = "publishedAt", ignore = true)
    ServiceType toDomain(ServiceTypeDefinitionDto definition, String tenant);

    default OffsetDateTime toOffsetDateTime(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
