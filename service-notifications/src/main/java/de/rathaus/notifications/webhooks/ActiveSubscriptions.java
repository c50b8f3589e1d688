package de.rathaus.notifications.webhooks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The active subscriptions in memory (every event is matched against them): reloaded when this instance changes one
 * and every few seconds, so changes made through another instance apply shortly after.
 */
@Component
class ActiveSubscriptions {

    private final SubscriptionRepository repository;
    private volatile Map<UUID, Subscription> byId = Map.of();
    private volatile long loadedAt;
    private static final long MAX_AGE_NANOS = Duration.ofSeconds(5).toNanos();

    ActiveSubscriptions(SubscriptionRepository repository) {
        this.repository = repository;
    }

    List<Subscription> all() {
        if (System.nanoTime() - loadedAt > MAX_AGE_NANOS) {
            reload();
        }
        return List.copyOf(byId.values());
    }

    Subscription get(UUID id) {
        return byId.get(id);
    }

    synchronized void reload() {
        byId = repository.active().stream().collect(Collectors.toUnmodifiableMap(Subscription::id, Function.identity()));
        loadedAt = System.nanoTime();
    }

    @Scheduled(fixedDelayString = "${rathaus.notifications.webhooks.reload-interval:5s}")
    void refresh() {
        reload();
    }
}
