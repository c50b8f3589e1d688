package de.rathaus.gateway.requestsize;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Edge limits of the gateway ({@code rathaus.gateway.*}, env {@code RATHAUS_GATEWAY_*}).
 *
 * @param maxRequestSize largest request body accepted, e.g. {@code 1MB} or {@code 512KB}
 */
@ConfigurationProperties("rathaus.gateway")
public record RequestSizeProperties(@DefaultValue("1MB") DataSize maxRequestSize) {

    public RequestSizeProperties {
        if (maxRequestSize == null || maxRequestSize.toBytes() < 0) {
            throw new IllegalArgumentException("rathaus.gateway.max-request-size must not be negative");
        }
    }
}
