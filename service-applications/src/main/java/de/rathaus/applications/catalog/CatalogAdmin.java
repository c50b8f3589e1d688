package de.rathaus.applications.catalog;

import de.rathaus.applications.api.model.ServiceTypeDefinitionDto;
import de.rathaus.applications.api.model.ServiceTypeDto;
import de.rathaus.platform.security.CurrentUser;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Admins publish new catalog versions; published versions are immutable, so filed applications keep theirs. */
@Service
public class CatalogAdmin {

    private final ServiceTypeRepository serviceTypes;
    private final FormValidator forms;
    private final CatalogMapper mapper;

    CatalogAdmin(ServiceTypeRepository serviceTypes, FormValidator forms, CatalogMapper mapper) {
        this.serviceTypes = serviceTypes;
        this.forms = forms;
        this.mapper = mapper;
    }

    @Transactional(readOnly = true)
    public List<ServiceTypeDto> listAllVersions(CurrentUser admin) {
        return mapper.toDtos(serviceTypes.findAllVersions(admin.tenant()));
    }

    @Transactional
    public ServiceTypeDto publish(CurrentUser admin, ServiceTypeDefinitionDto definition) {
        forms.checkIsSchema(definition.getFormSchema());
        ServiceType type = mapper.toDomain(definition, admin.tenant());
        return mapper.toDto(serviceTypes.insertNextVersion(type, admin.subject()));
    }
}
