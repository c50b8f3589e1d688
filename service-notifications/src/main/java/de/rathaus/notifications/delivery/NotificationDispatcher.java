package de.rathaus.notifications.delivery;

import de.rathaus.notifications.contacts.Contact;
import de.rathaus.notifications.contacts.ContactDirectory;
import de.rathaus.notifications.events.ReceivedEvent;
import de.rathaus.notifications.events.ReceivedEventRepository;
import de.rathaus.notifications.templates.Languages;
import de.rathaus.notifications.templates.Rendered;
import de.rathaus.platform.work.WorkerLoop;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Sends queued e-mail and SMS notifications: claims due ones (leased, skip-locked, so several instances share the
 * work), looks the contact up at send time, renders in the recipient's language and hands the message to the
 * channel. A transient failure is retried with exponential backoff and jitter ({@code retry-initial} doubling up to
 * {@code retry-max}) until {@code max-attempts}, then FAILED; a refused recipient is BOUNCED; no address is FAILED.
 */
@Component
public class NotificationDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NotificationDispatcher.class);
    private final NotificationRepository notifications;
    private final ReceivedEventRepository events;
    private final ContactDirectory contacts;
    private final NotificationRenderer renderer;
    private final EmailSender email;
    private final Optional<SmsProvider> sms;
    private final Clock clock;
    private final int batchSize;
    private final int maxAttempts;
    private final Duration retryInitial;
    private final Duration retryMax;
    private final WorkerLoop loop;
    private final ExecutorService senders;

    /** @param sms the SMS gateway; none configured (no real one exists yet outside the local profile): SMS fail */
    NotificationDispatcher(NotificationRepository notifications, ReceivedEventRepository events, ContactDirectory contacts,
                           NotificationRenderer renderer, EmailSender email, Optional<SmsProvider> sms, Clock clock,
                           DispatchProperties props) {
        this.notifications = notifications;
        this.events = events;
        this.contacts = contacts;
        this.renderer = renderer;
        this.email = email;
        this.sms = sms;
        this.clock = clock;
        this.batchSize = props.batchSize();
        this.maxAttempts = props.maxAttempts();
        this.retryInitial = props.retryInitial();
        this.retryMax = props.retryMax();
        this.loop = new WorkerLoop("notification-dispatcher",
                () -> dispatchOnce() < batchSize ? WorkerLoop.Next.WAIT : WorkerLoop.Next.CONTINUE,
                WorkerLoop.Settings.polling(props.pollInterval(), props.pollInterval()));
        this.senders = Executors.newFixedThreadPool(props.senders(), r -> new Thread(r, "notification-sender"));
    }

    /** Called after a transaction queued notifications: no need to wait for the next poll. */
    public void wakeUp() {
        loop.wakeUp();
    }

    /** One round: claim up to a batch of due notifications and send them in parallel. */
    int dispatchOnce() {
        Instant now = clock.instant();
        List<Notification> due = notifications.claimDue(now, now.plus(Duration.ofMinutes(2)), batchSize);
        List<Future<?>> sending = new ArrayList<>();
        for (Notification n : due) {
            sending.add(senders.submit(() -> send(n)));
        }
        for (Future<?> f : sending) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return due.size();
            } catch (java.util.concurrent.ExecutionException e) {
                log.error("Sending failed unexpectedly", e.getCause());
            }
        }
        return due.size();
    }

    private void send(Notification n) {
        try {
            Optional<ReceivedEvent> event = events.find(n.eventId());
            if (event.isEmpty()) {
                notifications.finish(n.id(), "FAILED", null, "event not found", clock.instant());
                return;
            }
            Optional<Contact> contact = Notification.GUEST.equals(n.recipientKind())
                    ? contacts.guest(n.tenant(), n.recipientId()) : contacts.citizen(n.tenant(), n.recipientId());
            if (contact.isEmpty()) {
                notifications.finish(n.id(), "FAILED", null, "recipient unknown", clock.instant());
                return;
            }
            String language = n.language() != null ? n.language() : Languages.normalize(contact.get().language());
            Map<String, Object> extra = contact.get().manageUrl() == null ? Map.of() : Map.of("manageUrl", contact.get().manageUrl());
            Optional<Rendered> rendered = renderer.render(event.get(), language, extra);
            if (rendered.isEmpty()) {
                notifications.finish(n.id(), "FAILED", null, "no template can render this event", clock.instant());
                return;
            }
            switch (n.channel()) {
                case "EMAIL" -> {
                    if (contact.get().email() == null || contact.get().email().isBlank()) {
                        notifications.finish(n.id(), "FAILED", null, "no e-mail address", clock.instant());
                        return;
                    }
                    email.send(n.id(), contact.get().email(), rendered.get(), Ics.forEvent(event.get(), rendered.get().subject()));
                    notifications.finish(n.id(), "SENT", null, null, clock.instant());
                }
                case "SMS" -> {
                    if (contact.get().phone() == null || contact.get().phone().isBlank()) {
                        notifications.finish(n.id(), "FAILED", null, "no mobile number", clock.instant());
                        return;
                    }
                    if (sms.isEmpty()) {
                        notifications.finish(n.id(), "FAILED", null, "no SMS gateway configured", clock.instant());
                        return;
                    }
                    String text = rendered.get().sms() != null ? rendered.get().sms() : rendered.get().subject();
                    String providerId = sms.get().send(contact.get().phone(), text);
                    notifications.finish(n.id(), "SENT", providerId, null, clock.instant());
                }
                default -> notifications.finish(n.id(), "FAILED", null, "unknown channel " + n.channel(), clock.instant());
            }
        } catch (EmailSender.BouncedException | SmsProvider.RejectedException e) {
            notifications.finish(n.id(), "BOUNCED", null, e.getMessage(), clock.instant());
        } catch (RuntimeException e) {
            Instant now = clock.instant();
            if (n.attempts() >= maxAttempts) {
                log.warn("Notification {} ({}) failed for good after {} attempts: {}", n.id(), n.channel(), n.attempts(), e.toString());
                notifications.finish(n.id(), "FAILED", null, e.toString(), now);
            } else {
                notifications.retryAt(n.id(), now.plus(backoff(n.attempts())), e.toString(), now);
            }
        }
    }

    /** Exponential backoff with "equal jitter": half the delay fixed, half random, so retries of many spread out. */
    Duration backoff(int attempt) {
        long exponential = retryInitial.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(exponential, retryMax.toMillis());
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void stop() {
        loop.stop();
        senders.shutdown();
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }
}
