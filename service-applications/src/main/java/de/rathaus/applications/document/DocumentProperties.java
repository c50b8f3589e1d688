package de.rathaus.applications.document;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code rathaus.applications.documents.*}: the directory of the filesystem storage, the size limit per document
 * and the media types accepted (detected from the content, not from the name or the client's header).
 */
@ConfigurationProperties("rathaus.applications.documents")
public record DocumentProperties(Path directory, DataSize maxSize, List<String> allowedTypes) {

    public DocumentProperties {
        directory = directory == null ? Path.of(System.getProperty("java.io.tmpdir"), "rathaus-documents") : directory;
        maxSize = maxSize == null ? DataSize.ofMegabytes(10) : maxSize;
        allowedTypes = allowedTypes == null || allowedTypes.isEmpty()
                ? List.of("application/pdf", "image/jpeg", "image/png") : List.copyOf(allowedTypes);
    }
}
