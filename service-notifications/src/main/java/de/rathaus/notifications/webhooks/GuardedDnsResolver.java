package de.rathaus.notifications.webhooks;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * The HTTP client's name resolution at send time: only addresses that pass the {@link CallbackGuard} are returned,
 * and the client connects to exactly those, so a name re-pointed to an internal address after registration fails.
 */
class GuardedDnsResolver implements DnsResolver {

    private final CallbackGuard guard;

    GuardedDnsResolver(CallbackGuard guard) {
        this.guard = guard;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        return guard.resolve(host);
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
    }
}
