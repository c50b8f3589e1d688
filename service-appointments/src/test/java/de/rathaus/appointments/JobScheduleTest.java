package de.rathaus.appointments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import de.rathaus.appointments.booking.HoldExpiry;
import de.rathaus.appointments.booking.Reminders;
import de.rathaus.appointments.office.SlotGenerator;
import de.rathaus.appointments.waitlist.ReleasedDays;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.config.IntervalTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** The schedule the ITs switch off: what runs how often in a deployment. */
class JobScheduleTest {

    private final HoldExpiry holdExpiry = mock(HoldExpiry.class);
    private final Reminders reminders = mock(Reminders.class);
    private final ReleasedDays releasedDays = mock(ReleasedDays.class);
    private final SlotGenerator slotGenerator = mock(SlotGenerator.class);

    private ScheduledTaskRegistrar schedule(boolean enabled) {
        ScheduledTaskRegistrar tasks = new ScheduledTaskRegistrar();
        new JobSchedule(new JobsProperties(enabled, Duration.ofSeconds(30), "0 5 0 * * *"), holdExpiry, reminders, releasedDays,
                slotGenerator).configureTasks(tasks);
        return tasks;
    }

    @Test
    void theJobsRunEveryIntervalAndSlotsAreGeneratedNightly() {
        ScheduledTaskRegistrar tasks = schedule(true);

        assertThat(tasks.getFixedDelayTaskList()).hasSize(3).allSatisfy(task -> {
            assertThat(task.getIntervalDuration()).isEqualTo(Duration.ofSeconds(30));
            assertThat(task.getInitialDelayDuration()).isEqualTo(Duration.ofSeconds(30));
        });
        tasks.getFixedDelayTaskList().stream().map(IntervalTask::getRunnable).forEach(Runnable::run);
        verify(holdExpiry).run();
        verify(reminders).run();
        verify(releasedDays).run();
        assertThat(tasks.getCronTaskList()).singleElement().satisfies(task -> {
            assertThat(task.getExpression()).isEqualTo("0 5 0 * * *");
            task.getRunnable().run();
        });
        verify(slotGenerator).generate();
    }

    @Test
    void nothingIsScheduledWhenTheJobsAreSwitchedOff() {
        ScheduledTaskRegistrar tasks = schedule(false);

        assertThat(tasks.getFixedDelayTaskList()).isEmpty();
        assertThat(tasks.getCronTaskList()).isEmpty();
    }
}
