package de.rathaus.notifications.inbox;

import de.rathaus.notifications.api.InboxApi;
import de.rathaus.notifications.api.model.InboxMessageDto;
import de.rathaus.platform.security.CurrentUser;
import de.rathaus.platform.web.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.RestController;

/** The Bürgerpostfach: a citizen lists, marks and deletes their own messages; other people's are answered with 404. */
@RestController
@PreAuthorize("hasRole('citizen')")
class InboxController implements InboxApi {

    private final InboxRepository inbox;
    private final InboxMapper mapper;
    private final Clock clock;

    InboxController(InboxRepository inbox, InboxMapper mapper, Clock clock) {
        this.inbox = inbox;
        this.mapper = mapper;
        this.clock = clock;
    }

    @Override
    public ResponseEntity<List<InboxMessageDto>> listInbox(Integer page, Integer size, Boolean unreadOnly) {
        CurrentUser citizen = CurrentUser.get();
        boolean unread = Boolean.TRUE.equals(unreadOnly);
        int p = page == null ? 0 : page;
        int s = size == null ? 50 : size;
        return ResponseEntity.ok()
                .header("X-Total-Count", String.valueOf(inbox.count(citizen.tenant(), citizen.subject(), unread)))
                .body(mapper.toDtos(inbox.page(citizen.tenant(), citizen.subject(), unread, p, s)));
    }

    @Override
    @Transactional
    public ResponseEntity<InboxMessageDto> markInboxMessageRead(UUID messageId) {
        return mark(messageId, clock.instant());
    }

    @Override
    @Transactional
    public ResponseEntity<InboxMessageDto> markInboxMessageUnread(UUID messageId) {
        return mark(messageId, null);
    }

    @Override
    @Transactional
    public ResponseEntity<Void> deleteInboxMessage(UUID messageId) {
        CurrentUser citizen = CurrentUser.get();
        if (!inbox.delete(citizen.tenant(), citizen.subject(), messageId)) {
            throw notFound(messageId);
        }
        return ResponseEntity.noContent().build();
    }

    private ResponseEntity<InboxMessageDto> mark(UUID messageId, Instant readAt) {
        CurrentUser citizen = CurrentUser.get();
        return inbox.markRead(citizen.tenant(), citizen.subject(), messageId, readAt)
                .map(mapper::toDto)
                .map(ResponseEntity::ok)
                .orElseThrow(() -> notFound(messageId));
    }

    private static NotFoundException notFound(UUID messageId) {
        return new NotFoundException("Message %s does not exist in your inbox.".formatted(messageId));
    }
}
