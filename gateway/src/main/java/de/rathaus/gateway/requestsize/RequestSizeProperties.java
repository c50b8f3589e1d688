package de.rathaus.gateway.requestsize;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Body limits of the gateway ({@code rathaus.gateway.*}, env {@code RATHAUS_GATEWAY_*}): one for uploads, one for
 * everything else.
 *
 * @param maxRequestSize largest request body accepted on every path that is no upload path, e.g. {@code 1MB}
 * @param maxUploadSize  largest request body accepted on an upload path: at least the largest document a service
 *                       accepts plus the multipart framing (applications takes files up to 10 MB in requests up to
 *                       11 MB)
 * @param uploadPaths    the upload paths, as Spring path patterns ({@code *} is one path segment)
 */
@ConfigurationProperties("rathaus.gateway")
public record RequestSizeProperties(@DefaultValue("1MB") DataSize maxRequestSize,
                                    @DefaultValue("11MB") DataSize maxUploadSize,
                                    @DefaultValue("/api/v1/applications/*/documents") List<String> uploadPaths) {

    public RequestSizeProperties {
        if (maxRequestSize == null || maxRequestSize.toBytes() < 0) {
            throw new IllegalArgumentException("rathaus.gateway.max-request-size must not be negative");
        }
        if (maxUploadSize == null || maxUploadSize.toBytes() < 0) {
            throw new IllegalArgumentException("rathaus.gateway.max-upload-size must not be negative");
        }
        uploadPaths = uploadPaths == null ? List.of() : List.copyOf(uploadPaths);
    }
}
