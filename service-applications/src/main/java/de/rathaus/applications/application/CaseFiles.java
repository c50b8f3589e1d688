package de.rathaus.applications.application;

import de.rathaus.applications.audit.AuditLog;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reading cases: the case with its history and timeline (the applicant their own, staff audited), the citizen's
 * list of applications and their GDPR export.
 */
@Service
class CaseFiles {

    record ExportItem(Application application, List<ApplicationRepository.StatusChange> history,
                      List<ApplicationRepository.TimelineEntry> timeline, List<DocumentRepository.Document> documents,
                      List<AuditLog.Entry> accesses) {
    }

    private final Cases cases;
    private final ApplicationRepository applications;
    private final DocumentRepository documents;
    private final AuditLog audit;

    CaseFiles(Cases cases, ApplicationRepository applications, DocumentRepository documents, AuditLog audit) {
        this.cases = cases;
        this.applications = applications;
        this.documents = documents;
        this.audit = audit;
    }

    @Transactional
    Application get(Caller caller, UUID id, String purpose) {
        return cases.visible(caller, id, "READ", purpose);
    }

    @Transactional
    List<ApplicationRepository.StatusChange> history(Caller caller, UUID id, String purpose) {
        return applications.history(cases.visible(caller, id, "READ_HISTORY", purpose).getId());
    }

    @Transactional
    List<ApplicationRepository.TimelineEntry> timeline(Caller caller, UUID id, String purpose) {
        return applications.timeline(cases.visible(caller, id, "READ_TIMELINE", purpose).getId());
    }

    /** The citizen's applications, newest first. */
    @Transactional(readOnly = true)
    Page listOwn(Caller citizen, String cursor, int limit) {
        List<Application> rows = applications.pageOfCitizen(citizen.tenant(), citizen.subject(), Cursor.decode(cursor), limit + 1);
        return Page.of(rows, limit, a -> Cursor.after(a.getCreatedAt(), a.getId()));
    }

    /** GDPR Art. 15: every application with history, timeline, document metadata and which staff accessed it. */
    @Transactional(readOnly = true)
    List<ExportItem> export(Caller citizen) {
        List<AuditLog.Entry> accesses = audit.forCitizen(citizen.tenant(), citizen.subject());
        List<ExportItem> items = new ArrayList<>();
        for (Application a : applications.allOfCitizen(citizen.tenant(), citizen.subject())) {
            items.add(new ExportItem(a, applications.history(a.getId()), applications.timeline(a.getId()),
                    documents.findByApplication(a.getId()),
                    accesses.stream().filter(e -> a.getId().equals(e.applicationId())).toList()));
        }
        return items;
    }
}
