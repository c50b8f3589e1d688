package de.rathaus.gateway.ratelimit;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Request rate limits ({@code rathaus.rate-limit.*}, env {@code RATHAUS_RATE_LIMIT_*}): a token bucket per user
 * (token {@code sub} within its {@code tenant}), one per municipality and client (token {@code tenant} and
 * {@code azp}) and one per client as the overall ceiling; a request needs a token from all three. Each value can be
 * set on its own, e.g. {@code rathaus.rate-limit.per-user.capacity=1000} for a benchmark.
 */
@ConfigurationProperties("rathaus.rate-limit")
@Validated
public class RateLimitProperties {

    /** Switches limiting off altogether. */
    private boolean enabled = true;

    /** Bucket of each user (token {@code sub}). */
    @Valid
    private final Limit perUser = new Limit(50, 20);

    /** Bucket of each municipality's users of an OAuth client (token {@code tenant} and {@code azp}). */
    @Valid
    private final Limit perTenant = new Limit(500, 200);

    /** Ceiling of each OAuth client (token {@code azp}) over all municipalities. */
    @Valid
    private final Limit perClient = new Limit(5000, 2000);

    /** Upper bound of buckets kept per kind (users, municipalities, clients); the least recently used go first. */
    @Min(1)
    private long maxTrackedKeys = 100_000;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Limit getPerUser() {
        return perUser;
    }

    public Limit getPerTenant() {
        return perTenant;
    }

    public Limit getPerClient() {
        return perClient;
    }

    public long getMaxTrackedKeys() {
        return maxTrackedKeys;
    }

    public void setMaxTrackedKeys(long maxTrackedKeys) {
        this.maxTrackedKeys = maxTrackedKeys;
    }

    /** One token bucket: {@code capacity} requests at once, refilled at {@code refill-per-second}. */
    public static class Limit {

        /** Burst size: requests possible at once after a quiet period. */
        @Min(1)
        private long capacity;

        /** Sustained rate in requests per second; fractions allowed (0.5 = one request every two seconds). */
        @Positive
        private double refillPerSecond;

        public Limit() {
        }

        public Limit(long capacity, double refillPerSecond) {
            this.capacity = capacity;
            this.refillPerSecond = refillPerSecond;
        }

        public long getCapacity() {
            return capacity;
        }

        public void setCapacity(long capacity) {
            this.capacity = capacity;
        }

        public double getRefillPerSecond() {
            return refillPerSecond;
        }

        public void setRefillPerSecond(double refillPerSecond) {
            this.refillPerSecond = refillPerSecond;
        }

        /** Time to add one token. */
        Duration refillPeriod() {
            return Duration.ofNanos(Math.max(1, Math.round(1_000_000_000d / refillPerSecond)));
        }

        /** Time an empty bucket needs to be full again; an idle bucket older than that is as good as a new one. */
        Duration timeToFull() {
            return refillPeriod().multipliedBy(capacity);
        }
    }
}
