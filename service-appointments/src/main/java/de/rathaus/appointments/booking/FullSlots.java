package de.rathaus.appointments.booking;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Slots this instance has just seen full, remembered for {@link #TTL_NANOS} so that a storm of requests for one
 * scarce slot (bots, everybody at the release time) is refused before it takes a database connection. Only a
 * shortcut for the refusal: the database alone decides who gets a place, and a place given back here (cancel,
 * expiry, reschedule) is forgotten at once; one given back by another instance is offered again after at most a
 * second.
 */
@Component
public class FullSlots {

    static final long TTL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int MAX_ENTRIES = 100_000;

    private final Map<UUID, Long> fullSince = new ConcurrentHashMap<>();

    public boolean isKnownFull(UUID slotId) {
        Long since = fullSince.get(slotId);
        if (since == null) {
            return false;
        }
        if (System.nanoTime() - since > TTL_NANOS) {
            fullSince.remove(slotId, since);
            return false;
        }
        return true;
    }

    void markFull(UUID slotId) {
        if (fullSince.size() >= MAX_ENTRIES) {
            long now = System.nanoTime();
            fullSince.entrySet().removeIf(e -> now - e.getValue() > TTL_NANOS);
        }
        fullSince.put(slotId, System.nanoTime());
    }

    /** Forgets the slot once the transaction that gave its place back has committed (at once without one). */
    void forget(UUID slotId) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    fullSince.remove(slotId);
                }
            });
        } else {
            fullSince.remove(slotId);
        }
    }
}
