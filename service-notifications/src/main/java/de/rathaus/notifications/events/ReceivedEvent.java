package de.rathaus.notifications.events;

import java.time.Instant;
import java.util.Map;

/**
 * A consumed domain event: CloudEvents attributes and the payload as a generic map (the template model). Payloads
 * carry ids only, never personal data, so keeping them is harmless.
 */
public record ReceivedEvent(String id, String type, String source, String subject, String tenant, Instant time,
                            String topic, Map<String, Object> data) {

    public String string(String field) {
        Object value = data.get(field);
        return value == null ? null : value.toString();
    }
}
