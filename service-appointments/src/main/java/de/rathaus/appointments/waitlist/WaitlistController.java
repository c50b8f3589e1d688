package de.rathaus.appointments.waitlist;

import de.rathaus.appointments.api.WaitlistApi;
import de.rathaus.appointments.api.model.WaitlistEntryDto;
import de.rathaus.appointments.api.model.WaitlistRequestDto;
import de.rathaus.platform.security.CurrentUser;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.RestController;

@RestController
@PreAuthorize("hasRole('citizen')")
class WaitlistController implements WaitlistApi {

    private final Waitlist waitlist;
    private final WaitlistMapper mapper;

    WaitlistController(Waitlist waitlist, WaitlistMapper mapper) {
        this.waitlist = waitlist;
        this.mapper = mapper;
    }

    @Override
    public ResponseEntity<WaitlistEntryDto> joinWaitlist(WaitlistRequestDto request) {
        WaitlistEntry entry = waitlist.join(CurrentUser.get(), request.getServiceType(), request.getOfficeIds(),
                request.getFrom(), request.getTo());
        return ResponseEntity.created(URI.create("/api/v1/appointments/waitlist/" + entry.id())).body(mapper.toDto(entry));
    }

    @Override
    public ResponseEntity<List<WaitlistEntryDto>> listMyWaitlistEntries() {
        return ResponseEntity.ok(waitlist.listOwn(CurrentUser.get()).stream().map(mapper::toDto).toList());
    }

    @Override
    public ResponseEntity<Void> leaveWaitlist(UUID entryId) {
        waitlist.leave(CurrentUser.get(), entryId);
        return ResponseEntity.noContent().build();
    }
}
