package de.rathaus.notifications.contacts;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code rathaus.notifications.contacts.*}: where contact data is looked up at send time. The URLs and the client
 * secret have no default: they come from the environment ({@code application.yml}) or the local profile.
 *
 * @param appointmentsUrl service-appointments, for guests' contacts
 * @param cacheTtl        how long a looked-up contact is remembered (in memory only)
 * @param keycloak        the realm's admin API, for citizens' contacts
 */
@ConfigurationProperties("rathaus.notifications.contacts")
public record ContactsProperties(String appointmentsUrl, @DefaultValue("5m") Duration cacheTtl, KeycloakAdmin keycloak) {

    /**
     * @param serverUrl    Keycloak's base URL
     * @param realm        the realm of citizens and of the service account
     * @param clientId     the service account's client ({@code view-users})
     * @param clientSecret its secret
     */
    public record KeycloakAdmin(String serverUrl, @DefaultValue("rathaus") String realm,
                                @DefaultValue("rathaus-notifications") String clientId, String clientSecret) {
    }
}
