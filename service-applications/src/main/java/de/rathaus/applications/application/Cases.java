package de.rathaus.applications.application;

import de.rathaus.applications.audit.AuditLog;
import de.rathaus.platform.web.NotFoundException;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Loads cases as the caller may see them and stores them back. Every query is scoped to the caller's tenant;
 * citizens reach only their own applications, clerks bound to an organisational unit only its cases, and anything
 * else looks like a missing application (404), never like a forbidden one. Every staff access is audited in the
 * use case's transaction.
 */
@Component
class Cases {

    private final ApplicationRepository applications;
    private final AuditLog audit;

    Cases(ApplicationRepository applications, AuditLog audit) {
        this.applications = applications;
        this.audit = audit;
    }

    /** The citizen's own application. */
    Application own(Caller citizen, UUID id) {
        return applications.findInTenant(citizen.tenant(), id)
                .filter(a -> a.getCitizenId().equals(citizen.subject()))
                .orElseThrow(() -> notFound(id));
    }

    /** The citizen's own application, if it is still at {@code expectedVersion} (null: any). */
    Application ownForWrite(Caller citizen, UUID id, Integer expectedVersion) {
        Application application = own(citizen, id);
        application.checkVersion(expectedVersion);
        return application;
    }

    /** A case of the staff member's tenant and unit (never a draft), audited as {@code action}. */
    Application staff(Caller staff, UUID id, String action, String purpose) {
        Application application = applications.findInTenant(staff.tenant(), id)
                .filter(a -> staff.mayHandle(a.getOrgUnit()))
                .filter(Application::isVisibleToStaff)
                .orElseThrow(() -> notFound(id));
        audit(staff, action, id, application.getCitizenId(), purpose);
        return application;
    }

    /** As {@link #staff}, if the case is still at {@code expectedVersion}. */
    Application staffForWrite(Caller staff, UUID id, int expectedVersion, String action, String purpose) {
        Application application = staff(staff, id, action, purpose);
        application.checkVersion(expectedVersion);
        return application;
    }

    /** Citizens: their own; staff: their tenant and organisational unit, audited. */
    Application visible(Caller caller, UUID id, String action, String purpose) {
        return caller.isStaff() ? staff(caller, id, action, purpose) : own(caller, id);
    }

    /** For other services' events: the case of that tenant and citizen, locked until the transaction ends. */
    Optional<Application> lockOfCitizen(String tenant, UUID id, String citizenId) {
        return applications.lockInTenant(tenant, id).filter(a -> a.getCitizenId().equals(citizenId));
    }

    /** Records an access of staff that is not to one case (e.g. the work list). */
    void audit(Caller staff, String action, UUID id, String citizenId, String purpose) {
        audit.record(staff.tenant(), staff.subject(), action, id, citizenId, purpose);
    }

    /** Stores a new application. */
    void add(Application application) {
        applications.insert(application);
    }

    /** Writes the case back if nobody changed it since it was read; returns the stored state (version + 1). */
    Application save(Application application) {
        if (!applications.update(application)) {
            throw new StaleVersionException(applications.findInTenant(application.getTenant(), application.getId())
                    .map(Application::getVersion).orElse(-1));
        }
        return applications.findInTenant(application.getTenant(), application.getId()).orElseThrow();
    }

    private static NotFoundException notFound(UUID id) {
        return new NotFoundException("Application %s does not exist or is not visible to you.".formatted(id));
    }
}
