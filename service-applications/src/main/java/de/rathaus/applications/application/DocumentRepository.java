package de.rathaus.applications.application;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Metadata of attached documents; the bytes live behind {@link de.rathaus.applications.document.DocumentStorage}. */
@Repository
class DocumentRepository {

    record Document(UUID id, UUID applicationId, String kind, String fileName, String mediaType, long sizeBytes,
                    String sha256, String storageKey, Instant uploadedAt) {
    }

    private final JdbcClient jdbc;

    DocumentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Document d) {
        jdbc.sql("""
                insert into application_document (id, application_id, kind, file_name, media_type, size_bytes, sha256,
                                                  storage_key, uploaded_at)
                values (:id, :applicationId, :kind, :fileName, :mediaType, :size, :sha256, :storageKey, :uploadedAt)
                """)
                .param("id", d.id())
                .param("applicationId", d.applicationId())
                .param("kind", d.kind())
                .param("fileName", d.fileName())
                .param("mediaType", d.mediaType())
                .param("size", d.sizeBytes())
                .param("sha256", d.sha256())
                .param("storageKey", d.storageKey())
                .param("uploadedAt", Timestamp.from(d.uploadedAt()))
                .update();
    }

    List<Document> findByApplication(UUID applicationId) {
        return jdbc.sql("select * from application_document where application_id = :id order by uploaded_at, id")
                .param("id", applicationId)
                .query(Document.class)
                .list();
    }

    Optional<Document> find(UUID applicationId, UUID documentId) {
        return jdbc.sql("select * from application_document where application_id = :applicationId and id = :id")
                .param("applicationId", applicationId)
                .param("id", documentId)
                .query(Document.class)
                .optional();
    }
}
