package de.rathaus.notifications.contacts;

import java.util.Optional;

/** Port: contact data of citizens (Keycloak) and guests (service-appointments). Empty when unknown. */
public interface ContactDirectory {

    Optional<Contact> citizen(String tenant, String citizenId);

    Optional<Contact> guest(String tenant, String guestContactId);
}
