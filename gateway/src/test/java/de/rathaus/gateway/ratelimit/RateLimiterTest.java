package de.rathaus.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    static RateLimitProperties limits(long userCapacity, long tenantCapacity, long clientCapacity) {
        RateLimitProperties props = new RateLimitProperties();
        for (RateLimitProperties.Limit limit : new RateLimitProperties.Limit[] {props.getPerUser(), props.getPerTenant(), props.getPerClient()}) {
            limit.setRefillPerSecond(0.001);
        }
        props.getPerUser().setCapacity(userCapacity);
        props.getPerTenant().setCapacity(tenantCapacity);
        props.getPerClient().setCapacity(clientCapacity);
        return props;
    }

    @Test
    void userBucketRunsDryWithRetryAfterOfTheRefillPeriod() {
        RateLimiter limiter = new RateLimiter(limits(2, 100, 100));

        assertThat(limiter.tryAcquire("bochum", "anna", "portal").allowed()).isTrue();
        assertThat(limiter.tryAcquire("bochum", "anna", "portal").allowed()).isTrue();
        RateLimiter.Decision third = limiter.tryAcquire("bochum", "anna", "portal");

        assertThat(third.allowed()).isFalse();
        assertThat(third.limited()).isEqualTo(RateLimiter.Limited.USER);
        assertThat(third.retryAfterSeconds()).isBetween(999L, 1000L);
        assertThat(limiter.tryAcquire("bochum", "ben", "portal").allowed()).isTrue();
    }

    @Test
    void aMunicipalitysShareOfAClientLimitsOnlyThatMunicipality() {
        RateLimiter limiter = new RateLimiter(limits(5, 2, 100));

        assertThat(limiter.tryAcquire("bochum", "anna", "portal").allowed()).isTrue();
        assertThat(limiter.tryAcquire("bochum", "ben", "portal").allowed()).isTrue();
        assertThat(limiter.tryAcquire("bochum", "carl", "portal").limited()).isEqualTo(RateLimiter.Limited.TENANT);

        assertThat(limiter.tryAcquire("soest", "sophie", "portal").allowed()).isTrue();
        assertThat(limiter.tryAcquire("bochum", "carl", "cli").allowed()).as("another client of Bochum").isTrue();
    }

    @Test
    void theClientCeilingHoldsOverAllMunicipalitiesAndGivesTheOtherTokensBack() {
        RateLimiter limiter = new RateLimiter(limits(2, 2, 2));

        assertThat(limiter.tryAcquire("bochum", "anna", "portal").allowed()).isTrue();
        assertThat(limiter.tryAcquire("soest", "sophie", "portal").allowed()).isTrue();
        RateLimiter.Decision sven = limiter.tryAcquire("soest", "sven", "portal");
        assertThat(sven.limited()).isEqualTo(RateLimiter.Limited.CLIENT);

        // sven's refused request cost neither him nor Soest's share of the portal a token
        assertThat(limiter.tryAcquire("soest", "sven", "cli").allowed()).isTrue();
        assertThat(limiter.tryAcquire("soest", "sven", "cli").allowed()).isTrue();
        assertThat(limiter.tryAcquire("soest", "sven", "cli").limited()).isEqualTo(RateLimiter.Limited.USER);
        assertThat(limiter.tryAcquire("soest", "sophie", "portal").limited()).as("Soest's share has one token left")
                .isEqualTo(RateLimiter.Limited.CLIENT);
    }

    @Test
    void theSameSubjectInTwoMunicipalitiesHasTwoBuckets() {
        RateLimiter limiter = new RateLimiter(limits(1, 100, 100));

        assertThat(limiter.tryAcquire("bochum", "admin", "portal").allowed()).isTrue();
        assertThat(limiter.tryAcquire("soest", "admin", "portal").allowed()).isTrue();
        assertThat(limiter.tryAcquire(null, "admin", "portal").allowed()).isTrue();
        assertThat(limiter.tryAcquire("bochum", "admin", "portal").limited()).isEqualTo(RateLimiter.Limited.USER);
    }

    @Test
    void disabledLimiterAllowsEverything() {
        RateLimitProperties props = limits(1, 1, 1);
        props.setEnabled(false);
        RateLimiter limiter = new RateLimiter(props);

        for (int i = 0; i < 10; i++) {
            assertThat(limiter.tryAcquire("bochum", "anna", "portal").allowed()).isTrue();
        }
    }

    @Test
    void fractionalAndLargeRatesBecomeRefillPeriods() {
        assertThat(new RateLimitProperties.Limit(50, 20).refillPeriod().toMillis()).isEqualTo(50);
        assertThat(new RateLimitProperties.Limit(3, 0.5).refillPeriod().toSeconds()).isEqualTo(2);
        assertThat(new RateLimitProperties.Limit(3, 0.5).timeToFull().toSeconds()).isEqualTo(6);
    }
}
