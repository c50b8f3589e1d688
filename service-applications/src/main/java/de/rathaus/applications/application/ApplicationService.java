package de.rathaus.applications.application;

import de.rathaus.applications.catalog.ServiceType;
import de.rathaus.applications.catalog.ServiceTypeRepository;
import de.rathaus.contracts.events.ApplicationStatusChanged;
import de.rathaus.contracts.events.ApplicationSubmitted;
import de.rathaus.platform.events.EventOutbox;
import de.rathaus.platform.security.CurrentUser;
import de.rathaus.platform.web.ConflictException;
import de.rathaus.platform.web.InvalidInputException;
import de.rathaus.platform.web.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Use cases of applications. Every read is scoped to the caller's tenant; citizens additionally only reach their
 * own applications, and anything else looks like a missing application (404), never like a forbidden one.
 */
@Service
public class ApplicationService {

    private final ApplicationRepository applications;
    private final ServiceTypeRepository serviceTypes;
    private final EventOutbox outbox;
    private final Clock clock;

    ApplicationService(ApplicationRepository applications, ServiceTypeRepository serviceTypes, EventOutbox outbox, Clock clock) {
        this.applications = applications;
        this.serviceTypes = serviceTypes;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Validation, fee, state and event in one transaction: either all of it happens or none. */
    @Transactional
    public Application submit(CurrentUser citizen, String serviceTypeKey, Map<String, Object> formData) {
        ServiceType type = serviceTypes.find(citizen.tenant(), serviceTypeKey)
                .orElseThrow(() -> new InvalidInputException("serviceType",
                        "is not a service offered by municipality '%s'".formatted(citizen.tenant())));
        Instant now = clock.instant();
        Application application = new Application(UUID.randomUUID(), citizen.tenant(), citizen.subject(), type.key(),
                ApplicationStatus.SUBMITTED, formData == null ? Map.of() : formData, type.feeAmountCents(), now, now, 0);
        applications.insert(application);
        applications.recordStatusChange(application.id(), null, ApplicationStatus.SUBMITTED, citizen.subject(), null, now);
        outbox.record(ApplicationEvents.SUBMITTED, application.id().toString(), application.tenant(),
                new ApplicationSubmitted(application.id(), type.key(), citizen.subject(), type.feeAmountCents(),
                        ApplicationSubmitted.Currency.EUR));
        return application;
    }

    @Transactional(readOnly = true)
    public Application get(CurrentUser caller, UUID id) {
        return applications.findInTenant(caller.tenant(), id)
                .filter(a -> caller.hasRole(CurrentUser.CLERK) || caller.hasRole(CurrentUser.ADMIN)
                        || a.citizenId().equals(caller.subject()))
                .orElseThrow(() -> notFound(id));
    }

    @Transactional(readOnly = true)
    public List<Application> listOwn(CurrentUser citizen) {
        return applications.findByCitizen(citizen.tenant(), citizen.subject());
    }

    @Transactional(readOnly = true)
    public List<Application> listTenant(CurrentUser clerk, ApplicationStatus status) {
        return applications.findByTenant(clerk.tenant(), status);
    }

    @Transactional
    public Application changeStatus(CurrentUser clerk, UUID id, ApplicationStatus target, String reason) {
        Application current = applications.findInTenant(clerk.tenant(), id).orElseThrow(() -> notFound(id));
        if (target == ApplicationStatus.WITHDRAWN) {
            throw new ConflictException("Only the applicant can withdraw an application.");
        }
        if (!current.status().canMoveTo(target)) {
            throw new ConflictException("An application in status %s cannot move to %s.".formatted(current.status(), target));
        }
        Instant now = clock.instant();
        if (!applications.updateStatus(current, target, now)) {
            throw new ConflictException("The application was changed concurrently; reload it and try again.");
        }
        applications.recordStatusChange(id, current.status(), target, clerk.subject(), reason, now);
        outbox.record(ApplicationEvents.STATUS_CHANGED, id.toString(), current.tenant(),
                new ApplicationStatusChanged(id, current.citizenId(), current.status().name(), target.name(), clerk.subject()));
        return applications.findInTenant(clerk.tenant(), id).orElseThrow();
    }

    private static NotFoundException notFound(UUID id) {
        return new NotFoundException("Application %s does not exist or is not visible to you.".formatted(id));
    }
}
