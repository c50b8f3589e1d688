package de.rathaus.appointments;

import de.rathaus.appointments.booking.HoldExpiry;
import de.rathaus.appointments.booking.Reminders;
import de.rathaus.appointments.office.SlotGenerator;
import de.rathaus.appointments.waitlist.ReleasedDays;
import java.time.ZoneId;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;

/**
 * Puts the jobs on the scheduler: hold expiry, reminders and released days each {@code interval} after its previous
 * run, slot generation by cron (Europe/Berlin; it also runs once at start). The jobs keep their state in the database
 * and read the time from the service's clock. With {@code enabled} false nothing is scheduled: tests run each job
 * themselves, at the time of their clock, so that none runs between a test's steps.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class JobSchedule implements SchedulingConfigurer {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private final JobsProperties jobs;
    private final HoldExpiry holdExpiry;
    private final Reminders reminders;
    private final ReleasedDays releasedDays;
    private final SlotGenerator slotGenerator;

    JobSchedule(JobsProperties jobs, HoldExpiry holdExpiry, Reminders reminders, ReleasedDays releasedDays,
                SlotGenerator slotGenerator) {
        this.jobs = jobs;
        this.holdExpiry = holdExpiry;
        this.reminders = reminders;
        this.releasedDays = releasedDays;
        this.slotGenerator = slotGenerator;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        if (!jobs.enabled()) {
            return;
        }
        for (Runnable job : new Runnable[] {holdExpiry::run, reminders::run, releasedDays::run}) {
            tasks.addFixedDelayTask(new FixedDelayTask(job, jobs.interval(), jobs.interval()));
        }
        tasks.addCronTask(new CronTask(slotGenerator::generate, new CronTrigger(jobs.slotGenerationCron(), BERLIN)));
    }
}
