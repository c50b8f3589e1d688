package de.rathaus.platform.work;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A background worker that runs rounds of work on one thread of its own: the outbox relay, the notification and the
 * webhook dispatchers. Each round says what comes next ({@link Next}): another round at once (a full batch was done),
 * a wait for a {@linkplain #wakeUp() wake-up} or the poll interval (nothing left), or an exponential back-off (a
 * dependency failed). A round that throws is logged and backs off. A wake-up ends any wait early, after an optional
 * linger that lets the commits of the next moments share one round.
 * <p>
 * Why not a {@code ScheduledExecutorService} or {@code @Scheduled}: neither can be woken by a commit, and neither
 * backs off while a broker or database is down. The owner decides when it starts and stops (usually from its
 * {@code SmartLifecycle}), so it can open and close its own resources around the loop.
 */
public final class WorkerLoop {

    /** What a round asks for next. */
    public enum Next {
        /** More work is waiting: run the next round at once. */
        CONTINUE,
        /** Nothing left: wait for a wake-up or the poll interval. */
        WAIT,
        /** A dependency failed: wait longer after each failure in a row, up to the maximum back-off. */
        BACK_OFF
    }

    /** One round of work; called on the loop's thread only. */
    @FunctionalInterface
    public interface Round {
        Next run();
    }

    /**
     * @param pollInterval   longest wait when no wake-up comes
     * @param linger         pause after a wake-up before the next round (0: none)
     * @param initialBackoff first pause after a failure; doubles with every failure in a row
     * @param maxBackoff     longest pause after failures
     * @param stopTimeout    how long {@link #stop()} waits for the running round to finish
     */
    public record Settings(Duration pollInterval, Duration linger, Duration initialBackoff, Duration maxBackoff,
                           Duration stopTimeout) {

        public Settings {
            Objects.requireNonNull(pollInterval, "pollInterval");
            Objects.requireNonNull(linger, "linger");
            Objects.requireNonNull(initialBackoff, "initialBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            Objects.requireNonNull(stopTimeout, "stopTimeout");
        }

        /** Polls every {@code pollInterval}, backs off from 250 ms up to {@code maxBackoff}, no linger. */
        public static Settings polling(Duration pollInterval, Duration maxBackoff) {
            return new Settings(pollInterval, Duration.ZERO, Duration.ofMillis(250), maxBackoff, Duration.ofSeconds(5));
        }

        public Settings withLinger(Duration value) {
            return new Settings(pollInterval, value, initialBackoff, maxBackoff, stopTimeout);
        }

        public Settings withStopTimeout(Duration value) {
            return new Settings(pollInterval, linger, initialBackoff, maxBackoff, value);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(WorkerLoop.class);

    private final String name;
    private final Round round;
    private final Settings settings;
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    public WorkerLoop(String name, Round round, Settings settings) {
        this.name = Objects.requireNonNull(name, "name");
        this.round = Objects.requireNonNull(round, "round");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Starts the loop's thread (a daemon named after the loop). */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Ends the loop after the running round and waits for it up to the stop timeout. */
    public void stop() {
        Thread current;
        synchronized (this) {
            running = false;
            current = thread;
            thread = null;
        }
        wakeUp();
        if (current != null && current != Thread.currentThread()) {
            try {
                current.join(settings.stopTimeout().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean isRunning() {
        return running;
    }

    /** Ends the current wait: new work was committed. Cheap and safe to call from any thread, as often as needed. */
    public void wakeUp() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    private void loop() {
        Duration backoff = Duration.ZERO;
        while (running) {
            Next next;
            try {
                next = round.run();
            } catch (RuntimeException e) {
                log.warn("{}: round failed, retrying: {}", name, e.toString());
                next = Next.BACK_OFF;
            }
            switch (next) {
                case CONTINUE -> backoff = Duration.ZERO;
                case WAIT -> {
                    backoff = Duration.ZERO;
                    await(settings.pollInterval());
                }
                case BACK_OFF -> {
                    backoff = backoff.isZero() ? settings.initialBackoff() : min(backoff.multipliedBy(2), settings.maxBackoff());
                    await(backoff);
                }
            }
        }
    }

    private void await(Duration duration) {
        try {
            if (wakeUps.tryAcquire(duration.toMillis(), TimeUnit.MILLISECONDS)) {
                if (running && !settings.linger().isZero()) {
                    LockSupport.parkNanos(settings.linger().toNanos());
                }
                wakeUps.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
