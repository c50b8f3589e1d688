package de.rathaus.applications.application;

import de.rathaus.applications.document.DocumentInspector;
import de.rathaus.applications.document.DocumentStorage;
import de.rathaus.platform.web.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The documents of a case: the applicant attaches them (type detected from the content, size limit, checksum),
 * the applicant and staff (audited) list and download them. The bytes live behind {@link DocumentStorage}.
 */
@Service
class CaseDocuments {

    record Content(DocumentRepository.Document document, byte[] bytes) {
    }

    private final Cases cases;
    private final CaseJournal journal;
    private final DocumentRepository documents;
    private final DocumentInspector inspector;
    private final DocumentStorage storage;
    private final Clock clock;

    CaseDocuments(Cases cases, CaseJournal journal, DocumentRepository documents, DocumentInspector inspector,
                  DocumentStorage storage, Clock clock) {
        this.cases = cases;
        this.journal = journal;
        this.documents = documents;
        this.inspector = inspector;
        this.storage = storage;
        this.clock = clock;
    }

    @Transactional
    DocumentRepository.Document attach(Caller citizen, UUID id, String kind, String fileName, byte[] content) {
        Application application = cases.own(citizen, id);
        application.checkMayAttachDocuments();
        DocumentInspector.Inspected inspected = inspector.inspect(content);
        UUID documentId = UUID.randomUUID();
        String key = application.getTenant() + "/" + id + "/" + documentId;
        Instant now = clock.instant();
        DocumentRepository.Document document = new DocumentRepository.Document(documentId, id, kind, safeName(fileName),
                inspected.mediaType(), inspected.sizeBytes(), inspected.sha256(), key, now);
        // the file first: a failed insert leaves an orphan file (harmless), never metadata without content
        storage.put(key, content);
        documents.insert(document);
        journal.timeline(application, "DOCUMENT_ATTACHED", kind, now);
        return document;
    }

    @Transactional
    List<DocumentRepository.Document> list(Caller caller, UUID id, String purpose) {
        Application application = cases.visible(caller, id, "READ_DOCUMENTS", purpose);
        return documents.findByApplication(application.getId());
    }

    @Transactional
    Content download(Caller caller, UUID id, UUID documentId, String purpose) {
        Application application = cases.visible(caller, id, "DOWNLOAD_DOCUMENT", purpose);
        DocumentRepository.Document document = documents.find(application.getId(), documentId)
                .orElseThrow(() -> new NotFoundException("Document %s does not exist.".formatted(documentId)));
        return new Content(document, storage.get(document.storageKey()));
    }

    /** The client's file name without control characters or path separators, at most 255 characters. */
    private static String safeName(String fileName) {
        if (fileName == null) {
            return null;
        }
        String safe = fileName.replaceAll("[\\p{Cntrl}/\\\\]", "_");
        return safe.length() <= 255 ? safe : safe.substring(0, 255);
    }
}
