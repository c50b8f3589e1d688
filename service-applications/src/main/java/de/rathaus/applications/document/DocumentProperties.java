package de.rathaus.applications.document;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code rathaus.applications.documents.*}: the directory of the filesystem storage (required: a persistent,
 * backed-up volume; the local profile uses the temporary directory), the size limit per document and the media
 * types accepted (detected from the content, not from the name or the client's header).
 */
@ConfigurationProperties("rathaus.applications.documents")
public record DocumentProperties(Path directory, @DefaultValue("10MB") DataSize maxSize,
                                 @DefaultValue({"application/pdf", "image/jpeg", "image/png"}) List<String> allowedTypes) {

    public DocumentProperties {
        if (directory == null || directory.toString().isBlank()) {
            throw new IllegalArgumentException("rathaus.applications.documents.directory "
                    + "(RATHAUS_APPLICATIONS_DOCUMENTS_DIRECTORY) is required: where the documents are stored");
        }
        allowedTypes = List.copyOf(allowedTypes);
    }
}
