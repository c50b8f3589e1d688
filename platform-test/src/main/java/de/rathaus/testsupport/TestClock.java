package de.rathaus.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.time.DayOfWeek;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock the test sets and moves: what the service believes "now" is never depends on the hour, weekday or date the
 * suite happens to run at. Register it as the service's {@code Clock} bean; pick times relative to {@link #instant()}.
 * <p>
 * {@link #standard()} starts on the next Wednesday 09:00 Europe/Berlin after the real date, so slots, opening hours,
 * deadlines and tokens computed from it are the same on every run (a Wednesday morning with working days around it)
 * and still lie in the future of the database server's own clock.
 */
public final class TestClock extends Clock {

    public static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    public TestClock(Instant start, ZoneId zone) {
        this.now = new AtomicReference<>(start);
        this.zone = zone;
    }

    private TestClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** A Wednesday 09:00 Europe/Berlin, one to two weeks after the real date, in UTC. */
    public static TestClock standard() {
        LocalDate wednesday = LocalDate.now(Clock.systemUTC()).plusWeeks(1).with(TemporalAdjusters.next(DayOfWeek.WEDNESDAY));
        return new TestClock(ZonedDateTime.of(wednesday, LocalTime.of(9, 0), BERLIN).toInstant(), ZoneId.of("UTC"));
    }

    /** Sets the time to {@code instant}. */
    public void set(Instant instant) {
        now.set(instant);
    }

    /** Moves the time on (or back, for a negative duration) and returns the new instant. */
    public Instant advance(Duration by) {
        return now.updateAndGet(i -> i.plus(by));
    }

    /** Today in Europe/Berlin. */
    public LocalDate todayInBerlin() {
        return LocalDate.ofInstant(instant(), BERLIN);
    }

    /** The instant of {@code time} on the day {@code days} after today, Europe/Berlin. */
    public Instant berlin(int days, LocalTime time) {
        return ZonedDateTime.of(todayInBerlin().plusDays(days), time, BERLIN).toInstant().truncatedTo(ChronoUnit.SECONDS);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
        return new TestClock(now, other);
    }
}
