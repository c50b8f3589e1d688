package de.rathaus.applications.application;

import java.time.Duration;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Schedules the jobs ({@code rathaus.applications.jobs.*}); with {@code enabled=false} nothing runs by itself
 * and whoever needs a job calls its {@code run()} (the tests, so that no job races their steps).
 */
@Configuration
@EnableConfigurationProperties(JobProperties.class)
class JobsConfiguration implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(JobsConfiguration.class);

    private final JobProperties properties;
    private final DeadlineJob deadlines;
    private final ErasureJob erasure;

    JobsConfiguration(JobProperties properties, DeadlineJob deadlines, ErasureJob erasure) {
        this.properties = properties;
        this.deadlines = deadlines;
        this.erasure = erasure;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (!properties.enabled()) {
            log.info("Scheduled jobs are off (rathaus.applications.jobs.enabled=false)");
            return;
        }
        registrar.addFixedDelayTask(new FixedDelayTask(logged(deadlines::run, "{} cases passed their processing deadline"),
                properties.deadlineInterval(), Duration.ofSeconds(20)));
        registrar.addFixedDelayTask(new FixedDelayTask(logged(erasure::run, "Erased the personal data of {} closed applications"),
                properties.erasureInterval(), Duration.ofMinutes(1)));
    }

    private static Runnable logged(IntSupplier job, String message) {
        return () -> {
            int handled = job.getAsInt();
            if (handled > 0) {
                log.info(message, handled);
            }
        };
    }
}
