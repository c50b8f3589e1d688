package de.rathaus.notifications.contacts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;

/**
 * Remembers looked-up contacts briefly (a burst of notifications for one citizen asks Keycloak once) and never for
 * long: a changed e-mail address is used within minutes. Bounded in size; personal data is held in memory only.
 */
public class CachingContactDirectory implements ContactDirectory {

    private final ContactDirectory delegate;
    private final Cache<String, Optional<Contact>> cache;

    public CachingContactDirectory(ContactDirectory delegate, Duration ttl) {
        this.delegate = delegate;
        this.cache = Caffeine.newBuilder().maximumSize(50_000).expireAfterWrite(ttl).build();
    }

    @Override
    public Optional<Contact> citizen(String tenant, String citizenId) {
        return cache.get("c|" + tenant + "|" + citizenId, k -> delegate.citizen(tenant, citizenId));
    }

    @Override
    public Optional<Contact> guest(String tenant, String guestContactId) {
        return cache.get("g|" + tenant + "|" + guestContactId, k -> delegate.guest(tenant, guestContactId));
    }
}
