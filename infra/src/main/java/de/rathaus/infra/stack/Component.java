package de.rathaus.infra.stack;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The parts of the local stack, in start order within their phase. */
public enum Component {

    POSTGRES("postgres", null, 0, Phase.INFRASTRUCTURE, false),
    KAFKA("kafka", null, 0, Phase.INFRASTRUCTURE, false),
    KEYCLOAK("keycloak", null, 0, Phase.INFRASTRUCTURE, false),
    APPLICATIONS("applications", "service-applications", 8081, Phase.SERVICES, true),
    APPOINTMENTS("appointments", "service-appointments", 8082, Phase.SERVICES, true),
    PAYMENTS("payments", "service-payments", 8083, Phase.SERVICES, true),
    NOTIFICATIONS("notifications", "service-notifications", 8084, Phase.SERVICES, true),
    GATEWAY("gateway", "gateway", 8080, Phase.EDGE, false);

    /** Components start phase by phase; the components of one phase start in parallel. */
    public enum Phase { INFRASTRUCTURE, SERVICES, EDGE }

    private final String id;
    private final String module;
    private final int defaultPort;
    private final Phase phase;
    private final boolean hasDatabase;

    Component(String id, String module, int defaultPort, Phase phase, boolean hasDatabase) {
        this.id = id;
        this.module = module;
        this.defaultPort = defaultPort;
        this.phase = phase;
        this.hasDatabase = hasDatabase;
    }

    /** Short lower-case name, used for log files, config keys and {@link LocalStack#serviceUrl(String)}. */
    public String id() {
        return id;
    }

    /** Maven module whose fat jar is started, or {@code null} for infrastructure. */
    public String module() {
        return module;
    }

    public int defaultPort() {
        return defaultPort;
    }

    public Phase phase() {
        return phase;
    }

    /** Whether this is a Spring Boot application started from its module's fat jar. */
    public boolean isBootApp() {
        return module != null;
    }

    public boolean hasDatabase() {
        return hasDatabase;
    }

    /** Accepts the id ({@code applications}), the module ({@code service-applications}) or the enum name. */
    public static Component parse(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        for (Component component : values()) {
            if (component.id.equals(key) || key.equals(component.module)
                    || component.name().toLowerCase(Locale.ROOT).equals(key)) {
                return component;
            }
        }
        throw new IllegalArgumentException("Unknown component '" + name + "'; known: "
                + Arrays.stream(values()).map(Component::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id;
    }
}
