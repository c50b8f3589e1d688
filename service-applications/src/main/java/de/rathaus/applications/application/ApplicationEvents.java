package de.rathaus.applications.application;

import de.rathaus.platform.events.EventSpec;

/** The events of this service as listed in the AsyncAPI catalog ({@code openapi/.../asyncapi.yaml}). */
public final class ApplicationEvents {

    public static final String TOPIC = "rathaus.applications.v1";
    public static final EventSpec SUBMITTED = spec("ApplicationSubmitted", "application-submitted");
    public static final EventSpec STATUS_CHANGED = spec("ApplicationStatusChanged", "application-status-changed");
    public static final EventSpec INFORMATION_REQUESTED = spec("InformationRequested", "information-requested");
    public static final EventSpec DECIDED = spec("ApplicationDecided", "application-decided");
    public static final EventSpec WITHDRAWN = spec("ApplicationWithdrawn", "application-withdrawn");
    public static final EventSpec OVERDUE = spec("ApplicationOverdue", "application-overdue");
    public static final EventSpec ERASED = spec("ApplicationErased", "application-erased");
    public static final EventSpec FEE_DUE = spec("FeeDue", "fee-due");
    public static final EventSpec REFUND_REQUESTED = spec("RefundRequested", "refund-requested");

    private ApplicationEvents() {
    }

    private static EventSpec spec(String name, String file) {
        return EventSpec.of(TOPIC, "de.rathaus.applications." + name + ".v1", file + ".v1.json");
    }
}
