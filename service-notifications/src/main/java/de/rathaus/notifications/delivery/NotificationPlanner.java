package de.rathaus.notifications.delivery;

import de.rathaus.notifications.events.EventCatalog;
import de.rathaus.notifications.events.ReceivedEvent;
import de.rathaus.notifications.events.ReceivedEventHandler;
import de.rathaus.notifications.inbox.Inbox;
import de.rathaus.notifications.preferences.PreferenceRepository;
import de.rathaus.notifications.preferences.Preferences;
import de.rathaus.notifications.templates.Languages;
import de.rathaus.notifications.templates.Rendered;
import de.rathaus.notifications.templates.Templates;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Decides, inside the consuming transaction, who is told about an event and on which channels: the citizen named in
 * the payload ({@code citizenId}) or the guest of a booking ({@code guestContactId}), if citizens are told about the
 * event type at all (it has a template). The inbox message is written at once (the Bürgerpostfach always gets every
 * notification); e-mail and SMS are queued per the citizen's preferences and opt-outs and sent by
 * {@link NotificationDispatcher}, which looks the contact data up at send time.
 */
@Component
class NotificationPlanner implements ReceivedEventHandler {

    private final Templates templates;
    private final NotificationRenderer renderer;
    private final PreferenceRepository preferences;
    private final NotificationRepository notifications;
    private final Inbox inbox;
    private final NotificationDispatcher dispatcher;
    private final Clock clock;

    NotificationPlanner(Templates templates, NotificationRenderer renderer, PreferenceRepository preferences, NotificationRepository notifications, Inbox inbox,
                        NotificationDispatcher dispatcher, Clock clock) {
        this.templates = templates;
        this.renderer = renderer;
        this.preferences = preferences;
        this.notifications = notifications;
        this.inbox = inbox;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    @Override
    public void handle(ReceivedEvent event) {
        if (event.tenant() == null || templates.effective(event.tenant(), event.type(), Languages.DE).isEmpty()) {
            return;
        }
        String citizenId = event.string("citizenId");
        String guestContactId = event.string("guestContactId");
        Instant now = clock.instant();
        boolean queued = false;
        if (citizenId != null && !citizenId.isBlank()) {
            Preferences prefs = preferences.find(event.tenant(), citizenId).orElse(Preferences.defaults());
            String language = prefs.explicit() ? prefs.language() : null;
            writeInbox(event, citizenId, language == null ? Languages.DE : language, now);
            String category = EventCatalog.category(event.type());
            for (String channel : new String[] {Preferences.EMAIL, Preferences.SMS}) {
                if (prefs.wants(channel, category)) {
                    queued |= queue(event, Notification.CITIZEN, citizenId, channel, language, now);
                }
            }
        } else if (guestContactId != null && !guestContactId.isBlank()) {
            queued = queue(event, Notification.GUEST, guestContactId, Preferences.EMAIL, null, now);
        }
        if (queued && TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    dispatcher.wakeUp();
                }
            });
        }
    }

    private boolean queue(ReceivedEvent event, String kind, String recipientId, String channel, String language, Instant now) {
        return notifications.insertIfAbsent(new Notification(UUID.randomUUID(), event.tenant(), event.id(), event.type(), kind,
                recipientId, channel, language, "QUEUED", 0, null, now, now), now);
    }

    private void writeInbox(ReceivedEvent event, String citizenId, String language, Instant now) {
        Optional<Rendered> rendered = renderer.render(event, language, Map.of());
        Notification notification = new Notification(UUID.randomUUID(), event.tenant(), event.id(), event.type(), Notification.CITIZEN,
                citizenId, Preferences.INBOX, language, rendered.isPresent() ? "DELIVERED" : "FAILED", 1,
                rendered.isPresent() ? null : "template cannot be rendered", now, now);
        if (notifications.insertIfAbsent(notification, null) && rendered.isPresent()) {
            inbox.add(event, citizenId, rendered.get().subject(), rendered.get().text(), now);
        }
    }
}
