package de.rathaus.applications.application;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code rathaus.applications.jobs.*}: whether this instance runs the scheduled jobs (tests run them themselves)
 * and how often: the deadline job (overdue cases, deemed approval) and the erasure job (retention).
 */
@ConfigurationProperties("rathaus.applications.jobs")
record JobProperties(@DefaultValue("true") boolean enabled, @DefaultValue("PT1M") Duration deadlineInterval,
                     @DefaultValue("PT1H") Duration erasureInterval) {
}
