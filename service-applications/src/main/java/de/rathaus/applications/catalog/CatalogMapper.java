package de.rathaus.applications.catalog;

import de.rathaus.applications.api.model.ServiceTypeDto;
import java.util.List;
import org.mapstruct.Mapper;

@Mapper
interface CatalogMapper {

    ServiceTypeDto toDto(ServiceType serviceType);

    List<ServiceTypeDto> toDtos(List<ServiceType> serviceTypes);
}
