package de.rathaus.appointments;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The background jobs ({@code rathaus.appointments.jobs.*}; the defaults are in application.yml).
 *
 * @param enabled            whether the scheduler runs them; tests switch it off and run each job themselves
 * @param interval           pause between two runs of hold expiry, reminders and released days
 * @param slotGenerationCron when slot units are generated up to every office's booking horizon (Europe/Berlin)
 */
@ConfigurationProperties("rathaus.appointments.jobs")
public record JobsProperties(boolean enabled, Duration interval, String slotGenerationCron) {
}
