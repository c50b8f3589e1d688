package de.rathaus.notifications.contacts;

import jakarta.ws.rs.NotFoundException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.UserRepresentation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;

/**
 * Citizens' contact data from Keycloak's admin API (service account {@code rathaus-notifications} with
 * {@code view-users}); guests' from service-appointments' internal endpoint, with the same service account's token.
 * A user of another municipality than the event's is treated as unknown.
 */
public class KeycloakContactDirectoryAdapter implements ContactDirectory {

    private static final Logger log = LoggerFactory.getLogger(KeycloakContactDirectoryAdapter.class);
    private final Keycloak keycloak;
    private final String realm;
    private final RestClient appointments;

    public KeycloakContactDirectoryAdapter(Keycloak keycloak, String realm, RestClient appointments) {
        this.keycloak = keycloak;
        this.realm = realm;
        this.appointments = appointments;
    }

    @Override
    public Optional<Contact> citizen(String tenant, String citizenId) {
        UserRepresentation user;
        try {
            user = keycloak.realm(realm).users().get(citizenId).toRepresentation();
        } catch (NotFoundException e) {
            return Optional.empty();
        }
        Map<String, List<String>> attributes = user.getAttributes() == null ? Map.of() : user.getAttributes();
        String userTenant = first(attributes, "tenant");
        if (userTenant != null && !userTenant.equals(tenant)) {
            log.warn("User {} belongs to another municipality than the event ({}), not notified", citizenId, tenant);
            return Optional.empty();
        }
        return Optional.of(new Contact(Boolean.FALSE.equals(user.isEnabled()) ? null : user.getEmail(),
                first(attributes, "phoneNumber"), first(attributes, "locale"), null));
    }

    @Override
    public Optional<Contact> guest(String tenant, String guestContactId) {
        GuestContact guest = appointments.get()
                .uri("/api/v1/appointments/internal/guest-contacts/{id}", guestContactId)
                .headers(h -> h.setBearerAuth(keycloak.tokenManager().getAccessTokenString()))
                .exchange((request, response) -> {
                    if (response.getStatusCode().isSameCodeAs(HttpStatusCode.valueOf(404))) {
                        return null;
                    }
                    if (response.getStatusCode().isError()) {
                        throw new IllegalStateException("guest contact lookup answered " + response.getStatusCode());
                    }
                    return response.bodyTo(GuestContact.class);
                });
        return Optional.ofNullable(guest).map(g -> new Contact(g.email(), null, g.language(), g.manageUrl()));
    }

    record GuestContact(String email, String language, String manageUrl) {
    }

    private static String first(Map<String, List<String>> attributes, String name) {
        List<String> values = attributes.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
