package de.rathaus.platform.events;

import java.net.URI;
import java.util.Objects;

/**
 * One event type of the AsyncAPI catalog: the topic it goes to, its CloudEvents {@code type} and the JSON Schema
 * of its payload.
 */
public record EventSpec(String topic, String type, URI dataSchema) {

    public EventSpec {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(type, "type");
    }

    /** Schema ids follow {@code https://schemas.digitales-rathaus.de/events/<file>} as in {@code openapi/}. */
    public static EventSpec of(String topic, String type, String schemaFile) {
        return new EventSpec(topic, type, URI.create("https://schemas.digitales-rathaus.de/events/" + schemaFile));
    }
}
