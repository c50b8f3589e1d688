package de.rathaus.platform.events;

import io.cloudevents.CloudEvent;

/** Names of the CloudEvents extension attributes the suite uses (carried as {@code ce_<name>} Kafka headers). */
public final class CloudEventExtensions {

    /** The municipality the event belongs to. */
    public static final String TENANT = "tenant";
    /** W3C trace context of the request that caused the event (CloudEvents distributed tracing extension). */
    public static final String TRACEPARENT = "traceparent";
    /** Correlation id of the request that caused the event. */
    public static final String CORRELATION_ID = "correlationid";

    private CloudEventExtensions() {
    }

    public static String tenant(CloudEvent event) {
        return stringOrNull(event.getExtension(TENANT));
    }

    public static String traceparent(CloudEvent event) {
        return stringOrNull(event.getExtension(TRACEPARENT));
    }

    public static String correlationId(CloudEvent event) {
        return stringOrNull(event.getExtension(CORRELATION_ID));
    }

    private static String stringOrNull(Object value) {
        return value == null ? null : value.toString();
    }
}
