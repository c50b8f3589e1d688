package de.rathaus.payments;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The scheduler of the jobs (reconciliation, expiry, refund resubmission, cleanups), on unless
 * {@code rathaus.payments.jobs.enabled=false}: tests switch it off and run a job themselves when they need it, so
 * that no job run races a test's steps.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("rathaus.payments.jobs.enabled")
@EnableScheduling
class SchedulingConfiguration {
}
