package de.rathaus.applications.catalog;

import de.rathaus.applications.api.CatalogApi;
import de.rathaus.applications.api.model.ServiceTypeDto;
import de.rathaus.platform.security.CurrentUser;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

@RestController
class CatalogController implements CatalogApi {

    private final ServiceTypeRepository serviceTypes;
    private final CatalogMapper mapper;

    CatalogController(ServiceTypeRepository serviceTypes, CatalogMapper mapper) {
        this.serviceTypes = serviceTypes;
        this.mapper = mapper;
    }

    @Override
    public ResponseEntity<List<ServiceTypeDto>> listServiceTypes() {
        return ResponseEntity.ok(mapper.toDtos(serviceTypes.findCurrentByTenant(CurrentUser.get().tenant())));
    }
}
