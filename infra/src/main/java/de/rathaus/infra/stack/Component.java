package de.rathaus.infra.stack;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The parts of the local stack, in start order within their phase. */
public enum Component {

    POSTGRES("postgres", null, 0, Phase.DATABASES, false),
    KAFKA("kafka", null, 0, Phase.PROCESSES, false),
    KEYCLOAK("keycloak", null, 0, Phase.PROCESSES, false),
    /** GreenMail standalone: the SMTP server service-notifications sends to, with a web/REST API to read the mails. */
    MAIL("mail", null, 0, Phase.PROCESSES, false),
    APPLICATIONS("applications", "service-applications", 8081, Phase.PROCESSES, true),
    APPOINTMENTS("appointments", "service-appointments", 8082, Phase.PROCESSES, true),
    PAYMENTS("payments", "service-payments", 8083, Phase.PROCESSES, true),
    NOTIFICATIONS("notifications", "service-notifications", 8084, Phase.PROCESSES, true),
    GATEWAY("gateway", "gateway", 8080, Phase.PROCESSES, false);

    /**
     * Components start phase by phase; the components of one phase start in parallel. Only the databases must
     * exist before the services start (Flyway migrates at start). Nothing else waits: the services and the gateway
     * fetch Keycloak's keys and reach Kafka with retries, so they start alongside the broker and Keycloak and the
     * stack is ready in the time of its slowest part rather than the sum of the phases.
     */
    public enum Phase { DATABASES, PROCESSES }

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

    /** One of the four domain services (not the gateway, not infrastructure). */
    public boolean isService() {
        return hasDatabase;
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
