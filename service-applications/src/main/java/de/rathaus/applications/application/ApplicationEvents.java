package de.rathaus.applications.application;

import de.rathaus.platform.events.EventSpec;

/** The events of this service as listed in the AsyncAPI catalog ({@code openapi/.../asyncapi.yaml}). */
public final class ApplicationEvents {

    public static final String TOPIC = "rathaus.applications.v1";
    public static final EventSpec SUBMITTED = EventSpec.of(TOPIC,
            "de.rathaus.applications.ApplicationSubmitted.v1", "application-submitted.v1.json");
    public static final EventSpec STATUS_CHANGED = EventSpec.of(TOPIC,
            "de.rathaus.applications.ApplicationStatusChanged.v1", "application-status-changed.v1.json");

    private ApplicationEvents() {
    }
}
