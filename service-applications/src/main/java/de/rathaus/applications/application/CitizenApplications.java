package de.rathaus.applications.application;

import de.rathaus.applications.catalog.FormValidator;
import de.rathaus.applications.catalog.ServiceType;
import de.rathaus.applications.catalog.ServiceTypeRepository;
import de.rathaus.platform.web.InvalidInputException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a citizen does with their own applications: file (at once or as a draft), change and submit a draft,
 * withdraw, answer an information request ({@link CaseDocuments} attaches documents). Writes may name the version they are based on
 * ({@code expectedVersion}, null: any).
 */
@Service
class CitizenApplications {

    private final Cases cases;
    private final CaseJournal journal;
    private final ServiceTypeRepository serviceTypes;
    private final FormValidator forms;
    private final JsonMapper json;
    private final Clock clock;

    CitizenApplications(Cases cases, CaseJournal journal, ServiceTypeRepository serviceTypes, FormValidator forms,
                        JsonMapper json, Clock clock) {
        this.cases = cases;
        this.journal = journal;
        this.serviceTypes = serviceTypes;
        this.forms = forms;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Creates an application under the current catalog version; unless it is a draft, submits it in the same
     * transaction (validation, fee, status, events): either all of it happens or none.
     */
    @Transactional
    Application create(Caller citizen, String serviceTypeKey, Map<String, Object> formData, boolean draft) {
        ServiceType type = serviceTypes.findCurrent(citizen.tenant(), serviceTypeKey)
                .orElseThrow(() -> new InvalidInputException("serviceType",
                        "is not a service offered by municipality '%s'".formatted(citizen.tenant())));
        Instant now = clock.instant();
        Application application = Application.draft(UUID.randomUUID(), citizen.subject(), type, formData, now);
        if (draft) {
            cases.add(application);
            journal.drafted(application, citizen.subject(), now);
            return application;
        }
        submit(application, type, now);
        cases.add(application);
        journal.submitted(application, type, null, citizen.subject(), now);
        return application;
    }

    @Transactional
    Application updateDraft(Caller citizen, UUID id, Map<String, Object> formData, Integer expectedVersion) {
        Application application = cases.ownForWrite(citizen, id, expectedVersion);
        application.changeDraft(formData, clock.instant());
        return cases.save(application);
    }

    /** Submits a draft under the catalog version current now (the draft may have been started under an older one). */
    @Transactional
    Application submitDraft(Caller citizen, UUID id, Integer expectedVersion) {
        Application application = cases.ownForWrite(citizen, id, expectedVersion);
        application.checkMaySubmit();
        ServiceType type = serviceTypes.findCurrent(citizen.tenant(), application.getServiceType()).orElseThrow();
        Instant now = clock.instant();
        ApplicationStatus previous = submit(application, type, now);
        Application saved = cases.save(application);
        journal.submitted(application, type, previous, citizen.subject(), now);
        return saved;
    }

    /** The form must fit the version's JSON Schema; the fee is computed from it. */
    private ApplicationStatus submit(Application application, ServiceType type, Instant now) {
        forms.validate(type, application.getFormData());
        long fee = type.feeRule().compute(json.valueToTree(application.getFormData()));
        return application.submit(type, fee, now);
    }

    @Transactional
    Application withdraw(Caller citizen, UUID id, String reason, Integer expectedVersion) {
        Application application = cases.ownForWrite(citizen, id, expectedVersion);
        Instant now = clock.instant();
        ApplicationStatus previous = application.withdraw(now);
        Application saved = cases.save(application);
        journal.withdrawn(application, previous, citizen.subject(), reason, now);
        return saved;
    }

    @Transactional
    Application answerInformationRequest(Caller citizen, UUID id, String answer, Integer expectedVersion) {
        Application application = cases.ownForWrite(citizen, id, expectedVersion);
        Instant now = clock.instant();
        ApplicationStatus previous = application.answerInformationRequest(now);
        Application saved = cases.save(application);
        journal.timeline(application, "INFORMATION_ANSWERED", answer, now);
        journal.statusChanged(application, previous, citizen.subject(), null, now);
        return saved;
    }
}
