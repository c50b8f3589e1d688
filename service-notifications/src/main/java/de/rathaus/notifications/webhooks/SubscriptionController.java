package de.rathaus.notifications.webhooks;

import de.rathaus.notifications.api.WebhooksApi;
import de.rathaus.notifications.api.model.DeliveryDto;
import de.rathaus.notifications.api.model.DeliveryStatusDto;
import de.rathaus.notifications.api.model.RedriveResultDto;
import de.rathaus.notifications.api.model.ReplayDto;
import de.rathaus.notifications.api.model.ReplayRequestDto;
import de.rathaus.notifications.api.model.SubscriptionDto;
import de.rathaus.notifications.api.model.SubscriptionRequestDto;
import de.rathaus.notifications.events.EventCatalog;
import de.rathaus.platform.security.CurrentUser;
import de.rathaus.platform.web.InvalidInputException;
import de.rathaus.platform.web.NotFoundException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.RestController;

/**
 * Webhook subscriptions of other municipal systems. Callers are client-credentials clients whose token has the
 * scope {@code subscriptions}; each sees and manages only its own subscriptions (by {@code azp}), and only for its
 * own municipality ({@code tenant} claim).
 */
@RestController
@PreAuthorize("@subscriberAccess.isSubscriber()")
class SubscriptionController implements WebhooksApi {

    private final SubscriptionRepository repository;
    private final ActiveSubscriptions active;
    private final DeliveryRepository deliveries;
    private final ReplayService replays;
    private final CallbackGuard guard;
    private final WebhookDispatcher dispatcher;
    private final WebhookProperties props;
    private final SubscriberAccess access;
    private final WebhookMapper mapper;
    private final Clock clock;

    SubscriptionController(SubscriptionRepository repository, ActiveSubscriptions active, DeliveryRepository deliveries,
                           ReplayService replays, CallbackGuard guard, WebhookDispatcher dispatcher, WebhookProperties props,
                           SubscriberAccess access, WebhookMapper mapper, Clock clock) {
        this.repository = repository;
        this.active = active;
        this.deliveries = deliveries;
        this.replays = replays;
        this.guard = guard;
        this.dispatcher = dispatcher;
        this.props = props;
        this.access = access;
        this.mapper = mapper;
        this.clock = clock;
    }

    @Override
    public ResponseEntity<SubscriptionDto> createSubscription(SubscriptionRequestDto request) {
        CurrentUser caller = CurrentUser.get();
        String tenant = request.getTenant() == null ? caller.tenant() : request.getTenant();
        if (!tenant.equals(caller.tenant())) {
            throw new InvalidInputException("tenant", "must be your own municipality (%s)".formatted(caller.tenant()));
        }
        LinkedHashSet<String> types = new LinkedHashSet<>(request.getEventTypes());
        for (String type : types) {
            if (!EventCatalog.isKnown(type)) {
                throw new InvalidInputException("eventTypes", "'%s' is no event type of the catalog (e.g. de.rathaus.applications.ApplicationSubmitted.v1)"
                        .formatted(type));
            }
        }
        URI callback = guard.validate(request.getCallbackUrl());
        Subscription subscription = new Subscription(UUID.randomUUID(), access.clientId(), tenant, callback.toString(), List.copyOf(types),
                request.getSubject(), request.getDescription(), WebhookSigner.newSecret(), clock.instant());
        repository.insert(subscription);
        active.reload();
        return ResponseEntity.status(HttpStatus.CREATED).body(mapper.toDto(subscription).secret(subscription.secret()));
    }

    @Override
    public ResponseEntity<List<SubscriptionDto>> listSubscriptions() {
        return ResponseEntity.ok(repository.ofClient(access.clientId(), CurrentUser.get().tenant()).stream().map(mapper::toDto).toList());
    }

    @Override
    public ResponseEntity<SubscriptionDto> getSubscription(UUID subscriptionId) {
        return ResponseEntity.ok(mapper.toDto(own(subscriptionId)));
    }

    @Override
    public ResponseEntity<Void> deleteSubscription(UUID subscriptionId) {
        if (!repository.delete(subscriptionId, access.clientId(), CurrentUser.get().tenant(), clock.instant())) {
            throw notFound(subscriptionId);
        }
        active.reload();
        return ResponseEntity.noContent().build();
    }

    @Override
    public ResponseEntity<List<DeliveryDto>> listDeliveries(UUID subscriptionId, DeliveryStatusDto status, Integer limit) {
        own(subscriptionId);
        return ResponseEntity.ok(deliveries.log(subscriptionId, status == null ? null : status.getValue(), limit == null ? 100 : limit)
                .stream().map(mapper::toDto).toList());
    }

    @Override
    @Transactional
    public ResponseEntity<RedriveResultDto> redriveDeliveries(UUID subscriptionId) {
        own(subscriptionId);
        Instant now = clock.instant();
        int redriven = deliveries.redrive(subscriptionId, now, now.plus(props.retryFor()));
        dispatcher.wakeUp();
        return ResponseEntity.ok(new RedriveResultDto(redriven));
    }

    @Override
    public ResponseEntity<ReplayDto> startReplay(UUID subscriptionId, ReplayRequestDto request) {
        Subscription subscription = own(subscriptionId);
        Instant since = request.getSince().toInstant();
        if (since.isAfter(clock.instant())) {
            throw new InvalidInputException("since", "must not be in the future");
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(mapper.toDto(replays.start(subscription, since)));
    }

    @Override
    public ResponseEntity<ReplayDto> getReplay(UUID subscriptionId, UUID replayId) {
        own(subscriptionId);
        return ResponseEntity.ok(mapper.toDto(replays.find(subscriptionId, replayId)
                .orElseThrow(() -> new NotFoundException("Replay %s does not exist.".formatted(replayId)))));
    }

    private Subscription own(UUID id) {
        return repository.find(id, access.clientId(), CurrentUser.get().tenant()).orElseThrow(() -> notFound(id));
    }

    private static NotFoundException notFound(UUID id) {
        return new NotFoundException("Subscription %s does not exist.".formatted(id));
    }
}
