package de.rathaus.appointments;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The jobs (hold expiry, reminders, released days, slot generation) run on the scheduler unless
 * {@code rathaus.appointments.jobs.enabled} is false: tests switch it off and run each job themselves, at the time of
 * their clock, so that no job runs between a test's steps.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnBooleanProperty("rathaus.appointments.jobs.enabled")
class JobScheduling {
}
