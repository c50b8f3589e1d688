package de.rathaus.applications.document;

import de.rathaus.platform.web.InvalidInputException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.tika.Tika;
import org.springframework.stereotype.Component;

/**
 * Checks an upload before it is stored: size limit, media type detected from the bytes by Apache Tika (a PDF
 * renamed to .png or a script sent as application/pdf is recognised as what it is), SHA-256 checksum.
 */
@Component
public class DocumentInspector {

    public record Inspected(String mediaType, long sizeBytes, String sha256) {
    }

    private final Tika tika = new Tika();
    private final DocumentProperties properties;

    DocumentInspector(DocumentProperties properties) {
        this.properties = properties;
    }

    public Inspected inspect(byte[] content) {
        if (content.length == 0) {
            throw new InvalidInputException("file", "is empty");
        }
        if (content.length > properties.maxSize().toBytes()) {
            throw new InvalidInputException("file", "is larger than %d MB".formatted(properties.maxSize().toMegabytes()));
        }
        String type = tika.detect(content);
        if (!properties.allowedTypes().contains(type)) {
            throw new InvalidInputException("file", "has type %s; accepted are %s"
                    .formatted(type, String.join(", ", properties.allowedTypes())));
        }
        return new Inspected(type, content.length, sha256(content));
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
