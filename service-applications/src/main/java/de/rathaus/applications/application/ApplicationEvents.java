package de.rathaus.applications.application;

import de.rathaus.contracts.events.EventTypes;
import de.rathaus.contracts.events.Topics;
import de.rathaus.platform.events.EventSpec;

/** The events of this service, by the names generated from the AsyncAPI catalog ({@code openapi/.../asyncapi.yaml}). */
public final class ApplicationEvents {

    public static final String TOPIC = Topics.APPLICATIONS;
    public static final EventSpec SUBMITTED = spec(EventTypes.APPLICATION_SUBMITTED, EventTypes.APPLICATION_SUBMITTED_SCHEMA);
    public static final EventSpec STATUS_CHANGED = spec(EventTypes.APPLICATION_STATUS_CHANGED, EventTypes.APPLICATION_STATUS_CHANGED_SCHEMA);
    public static final EventSpec INFORMATION_REQUESTED = spec(EventTypes.INFORMATION_REQUESTED, EventTypes.INFORMATION_REQUESTED_SCHEMA);
    public static final EventSpec DECIDED = spec(EventTypes.APPLICATION_DECIDED, EventTypes.APPLICATION_DECIDED_SCHEMA);
    public static final EventSpec WITHDRAWN = spec(EventTypes.APPLICATION_WITHDRAWN, EventTypes.APPLICATION_WITHDRAWN_SCHEMA);
    public static final EventSpec OVERDUE = spec(EventTypes.APPLICATION_OVERDUE, EventTypes.APPLICATION_OVERDUE_SCHEMA);
    public static final EventSpec ERASED = spec(EventTypes.APPLICATION_ERASED, EventTypes.APPLICATION_ERASED_SCHEMA);
    public static final EventSpec FEE_DUE = spec(EventTypes.FEE_DUE, EventTypes.FEE_DUE_SCHEMA);
    public static final EventSpec REFUND_REQUESTED = spec(EventTypes.REFUND_REQUESTED, EventTypes.REFUND_REQUESTED_SCHEMA);

    private ApplicationEvents() {
    }

    private static EventSpec spec(String type, String schemaFile) {
        return EventSpec.of(TOPIC, type, schemaFile);
    }
}
