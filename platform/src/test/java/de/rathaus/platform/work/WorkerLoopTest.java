package de.rathaus.platform.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import de.rathaus.platform.work.WorkerLoop.Next;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerLoopTest {

    private static final Duration LONG_POLL = Duration.ofMinutes(5);
    private WorkerLoop loop;

    @AfterEach
    void stop() {
        if (loop != null) {
            loop.stop();
        }
    }

    @Test
    void aWakeUpEndsTheWaitAndARoundThatAsksForMoreRunsAgainAtOnce() {
        AtomicInteger rounds = new AtomicInteger();
        AtomicInteger backlog = new AtomicInteger(3);
        loop = new WorkerLoop("test-loop", () -> {
            rounds.incrementAndGet();
            return backlog.getAndUpdate(b -> Math.max(0, b - 1)) > 1 ? Next.CONTINUE : Next.WAIT;
        }, WorkerLoop.Settings.polling(LONG_POLL, LONG_POLL));

        loop.start();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(rounds).hasValue(3));
        assertThat(loop.isRunning()).isTrue();

        backlog.set(1);
        loop.wakeUp();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(rounds).hasValue(4));
    }

    @Test
    void failuresBackOffLongerEachTimeAndAThrowingRoundDoesNotEndTheLoop() {
        List<Long> startedAt = new CopyOnWriteArrayList<>();
        loop = new WorkerLoop("test-loop", () -> {
            startedAt.add(System.nanoTime());
            if (startedAt.size() == 1) {
                throw new IllegalStateException("database unreachable");
            }
            return startedAt.size() < 4 ? Next.BACK_OFF : Next.WAIT;
        }, new WorkerLoop.Settings(LONG_POLL, Duration.ZERO, Duration.ofMillis(40), Duration.ofMillis(160), Duration.ofSeconds(5)));

        loop.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> startedAt.size() == 4);

        Duration first = Duration.ofNanos(startedAt.get(1) - startedAt.get(0));
        Duration third = Duration.ofNanos(startedAt.get(3) - startedAt.get(2));
        assertThat(first).isGreaterThanOrEqualTo(Duration.ofMillis(40));
        assertThat(third).as("40 ms, 80 ms, 160 ms").isGreaterThanOrEqualTo(Duration.ofMillis(160));
    }

    @Test
    void stopEndsTheLoopAfterTheRunningRound() {
        AtomicInteger rounds = new AtomicInteger();
        loop = new WorkerLoop("test-loop", () -> {
            rounds.incrementAndGet();
            return Next.WAIT;
        }, WorkerLoop.Settings.polling(LONG_POLL, LONG_POLL));
        loop.start();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(rounds).hasValue(1));

        loop.stop();
        loop.wakeUp();

        assertThat(loop.isRunning()).isFalse();
        assertThat(rounds).hasValue(1);
    }
}
