package de.rathaus.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    static RateLimitProperties limits(long userCapacity, long clientCapacity) {
        RateLimitProperties props = new RateLimitProperties();
        props.getPerUser().setCapacity(userCapacity);
        props.getPerUser().setRefillPerSecond(0.001);
        props.getPerClient().setCapacity(clientCapacity);
        props.getPerClient().setRefillPerSecond(0.001);
        return props;
    }

    @Test
    void userBucketRunsDryWithRetryAfterOfTheRefillPeriod() {
        RateLimiter limiter = new RateLimiter(limits(2, 100));

        assertThat(limiter.tryAcquire("anna", "portal").allowed()).isTrue();
        assertThat(limiter.tryAcquire("anna", "portal").allowed()).isTrue();
        RateLimiter.Decision third = limiter.tryAcquire("anna", "portal");

        assertThat(third.allowed()).isFalse();
        assertThat(third.limited()).isEqualTo(RateLimiter.Limited.USER);
        assertThat(third.retryAfterSeconds()).isBetween(999L, 1000L);
        assertThat(limiter.tryAcquire("ben", "portal").allowed()).isTrue();
    }

    @Test
    void clientBucketIsSharedAndGivesTheUsersTokenBack() {
        RateLimiter limiter = new RateLimiter(limits(2, 2));

        assertThat(limiter.tryAcquire("anna", "portal").allowed()).isTrue();
        assertThat(limiter.tryAcquire("ben", "portal").allowed()).isTrue();
        RateLimiter.Decision carl = limiter.tryAcquire("carl", "portal");
        assertThat(carl.limited()).isEqualTo(RateLimiter.Limited.CLIENT);

        // carl's refused request did not cost him a token
        assertThat(limiter.tryAcquire("carl", "cli").allowed()).isTrue();
        assertThat(limiter.tryAcquire("carl", "cli").allowed()).isTrue();
        assertThat(limiter.tryAcquire("carl", "cli").limited()).isEqualTo(RateLimiter.Limited.USER);
    }

    @Test
    void disabledLimiterAllowsEverything() {
        RateLimitProperties props = limits(1, 1);
        props.setEnabled(false);
        RateLimiter limiter = new RateLimiter(props);

        for (int i = 0; i < 10; i++) {
            assertThat(limiter.tryAcquire("anna", "portal").allowed()).isTrue();
        }
    }

    @Test
    void fractionalAndLargeRatesBecomeRefillPeriods() {
        assertThat(new RateLimitProperties.Limit(50, 20).refillPeriod().toMillis()).isEqualTo(50);
        assertThat(new RateLimitProperties.Limit(3, 0.5).refillPeriod().toSeconds()).isEqualTo(2);
        assertThat(new RateLimitProperties.Limit(3, 0.5).timeToFull().toSeconds()).isEqualTo(6);
    }
}
