package de.rathaus.applications.application;

import java.util.function.IntSupplier;
import org.springframework.transaction.support.TransactionTemplate;

/** The jobs' loop: one transaction per batch, so locks are held briefly and a crash loses at most one batch. */
final class Batches {

    private Batches() {
    }

    /**
     * Runs {@code batch} in its own transaction until one handles fewer than {@code size} items.
     *
     * @return items handled in all batches
     */
    static int drain(TransactionTemplate tx, int size, IntSupplier batch) {
        int total = 0;
        int handled;
        do {
            Integer result = tx.execute(status -> batch.getAsInt());
            handled = result == null ? 0 : result;
            total += handled;
        } while (handled == size);
        return total;
    }
}
