package de.rathaus.applications.application;

import org.springframework.boot.test.context.TestComponent;

/** Lets API tests run the scheduled jobs (package-private) on demand instead of waiting for the schedule. */
@TestComponent
public class JobsForTests {

    private final DeadlineJob deadlines;
    private final ErasureJob erasure;

    JobsForTests(DeadlineJob deadlines, ErasureJob erasure) {
        this.deadlines = deadlines;
        this.erasure = erasure;
    }

    public int deadlines() {
        return deadlines.run();
    }

    public int erasure() {
        return erasure.run();
    }
}
