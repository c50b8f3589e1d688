package de.rathaus.notifications.inbox;

import de.rathaus.notifications.api.InboxApi;
import de.rathaus.notifications.api.model.InboxMessageDto;
import de.rathaus.platform.security.CurrentUser;
import de.rathaus.platform.web.NotFoundException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.RestController;

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
    public ResponseEntity<List<InboxMessageDto>> listInbox() {
        CurrentUser citizen = CurrentUser.get();
        return ResponseEntity.ok(mapper.toDtos(inbox.findByRecipient(citizen.tenant(), citizen.subject())));
    }

    @Override
    @Transactional
    public ResponseEntity<InboxMessageDto> markInboxMessageRead(UUID messageId) {
        CurrentUser citizen = CurrentUser.get();
        return inbox.markRead(citizen.tenant(), citizen.subject(), messageId, clock.instant())
                .map(mapper::toDto)
                .map(ResponseEntity::ok)
                .orElseThrow(() -> new NotFoundException("Message %s does not exist in your inbox.".formatted(messageId)));
    }
}
