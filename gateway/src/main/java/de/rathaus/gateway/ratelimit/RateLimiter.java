package de.rathaus.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Token buckets (Bucket4j) held in memory, three for every authenticated request: the user's own (subject within
 * the municipality), the share of the client application that belongs to the user's municipality, and the client
 * application's overall ceiling. So one user cannot starve the others of a municipality, and one municipality (or
 * one attacker with many accounts in it) cannot use up a client that every municipality's citizens share.
 *
 * <p>Why in memory: the suite runs a single gateway instance, and a local bucket costs nanoseconds and cannot
 * fail, whereas a shared store adds a network round trip and an outage mode to every request. With several gateway
 * instances each would grant the full rate, so the limits would multiply; then the buckets belong into a shared
 * store, e.g. Spring Cloud Gateway's {@code RedisRateLimiter} or Bucket4j's Redis/JCache proxy managers.
 *
 * <p>Memory is bounded: buckets live in Caffeine caches that drop a bucket once it has been idle long enough to be
 * full again (so forgetting it changes nothing) and that never hold more than {@code max-tracked-keys} buckets
 * per kind.
 */
@Component
public class RateLimiter {

    private static final Duration MIN_IDLE = Duration.ofMinutes(1);
    /** Tenant key of tokens without a tenant (service accounts): they share one municipality bucket per client. */
    private static final String NO_TENANT = "-";

    private final boolean enabled;
    private final LoadingCache<String, Bucket> users;
    private final LoadingCache<String, Bucket> tenants;
    private final LoadingCache<String, Bucket> clients;

    public RateLimiter(RateLimitProperties props) {
        this.enabled = props.isEnabled();
        this.users = buckets(props.getPerUser(), props.getMaxTrackedKeys());
        this.tenants = buckets(props.getPerTenant(), props.getMaxTrackedKeys());
        this.clients = buckets(props.getPerClient(), props.getMaxTrackedKeys());
    }

    /**
     * Takes one token from the user's bucket, one from the municipality's bucket of the client and one from the
     * client's, or none at all if any of them is empty.
     *
     * @param tenant the caller's municipality, or null for a token without one
     */
    public Decision tryAcquire(String tenant, String user, String client) {
        if (!enabled) {
            return Decision.ALLOWED;
        }
        String municipality = tenant == null ? NO_TENANT : tenant;
        Bucket userBucket = users.get(municipality + '/' + user);
        ConsumptionProbe byUser = userBucket.tryConsumeAndReturnRemaining(1);
        if (!byUser.isConsumed()) {
            return new Decision(Limited.USER, byUser.getNanosToWaitForRefill());
        }
        Bucket tenantBucket = tenants.get(municipality + '/' + client);
        ConsumptionProbe byTenant = tenantBucket.tryConsumeAndReturnRemaining(1);
        if (!byTenant.isConsumed()) {
            userBucket.addTokens(1); // the request is not served: give the tokens taken so far back
            return new Decision(Limited.TENANT, byTenant.getNanosToWaitForRefill());
        }
        ConsumptionProbe byClient = clients.get(client).tryConsumeAndReturnRemaining(1);
        if (!byClient.isConsumed()) {
            userBucket.addTokens(1);
            tenantBucket.addTokens(1);
            return new Decision(Limited.CLIENT, byClient.getNanosToWaitForRefill());
        }
        return Decision.ALLOWED;
    }

    /**
     * Token-less requests (the services' public folders): one user-sized bucket per client address, so a client
     * flooding a public endpoint cannot starve the others.
     */
    public Decision tryAcquireAnonymous(String clientAddress) {
        if (!enabled) {
            return Decision.ALLOWED;
        }
        ConsumptionProbe probe = users.get("address:" + clientAddress).tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Decision.ALLOWED : new Decision(Limited.ADDRESS, probe.getNanosToWaitForRefill());
    }

    private static LoadingCache<String, Bucket> buckets(RateLimitProperties.Limit limit, long maxKeys) {
        Duration idle = limit.timeToFull().compareTo(MIN_IDLE) > 0 ? limit.timeToFull() : MIN_IDLE;
        return Caffeine.newBuilder()
                .expireAfterAccess(idle)
                .maximumSize(maxKeys)
                .build(key -> Bucket.builder()
                        .addLimit(bandwidth -> bandwidth.capacity(limit.getCapacity()).refillGreedy(1, limit.refillPeriod()))
                        .build());
    }

    /** Which bucket ran dry. */
    public enum Limited { USER, TENANT, CLIENT, ADDRESS }

    /**
     * @param limited        {@code null} if the request may pass, otherwise the bucket that was empty
     * @param nanosToWait    how long until that bucket has a token again
     */
    public record Decision(Limited limited, long nanosToWait) {

        static final Decision ALLOWED = new Decision(null, 0);

        public boolean allowed() {
            return limited == null;
        }

        /** Whole seconds to wait, at least one (the value of {@code Retry-After}). */
        public long retryAfterSeconds() {
            return Math.max(1, (nanosToWait + 999_999_999L) / 1_000_000_000L);
        }
    }
}
