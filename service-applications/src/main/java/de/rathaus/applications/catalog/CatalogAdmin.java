package de.rathaus.applications.catalog;

import de.rathaus.platform.security.CurrentUser;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Admins publish new catalog versions; published versions are immutable, so filed applications keep theirs. */
@Service
public class CatalogAdmin {

    private final ServiceTypeRepository serviceTypes;
    private final FormValidator forms;
    private final Clock clock;

    CatalogAdmin(ServiceTypeRepository serviceTypes, FormValidator forms, Clock clock) {
        this.serviceTypes = serviceTypes;
        this.forms = forms;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<ServiceType> listAllVersions(CurrentUser admin) {
        return serviceTypes.findAllVersions(admin.tenant());
    }

    /** Publishes {@code definition} (of the admin's municipality) as the next version of its service type. */
    @Transactional
    public ServiceType publish(CurrentUser admin, ServiceType definition) {
        forms.checkIsSchema(definition.formSchema());
        return serviceTypes.insertNextVersion(definition, admin.subject(), clock.instant());
    }
}
