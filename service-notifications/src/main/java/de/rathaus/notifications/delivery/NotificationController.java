package de.rathaus.notifications.delivery;

import de.rathaus.notifications.api.NotificationsApi;
import de.rathaus.notifications.api.model.NotificationDto;
import de.rathaus.platform.security.CurrentUser;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.RestController;

/** Delivery tracking: citizens see their own notifications, admins and clerks those of their municipality. */
@RestController
class NotificationController implements NotificationsApi {

    private final NotificationRepository notifications;
    private final NotificationMapper mapper;

    NotificationController(NotificationRepository notifications, NotificationMapper mapper) {
        this.notifications = notifications;
        this.mapper = mapper;
    }

    @Override
    @PreAuthorize("hasAnyRole('citizen', 'clerk', 'admin')")
    public ResponseEntity<List<NotificationDto>> listNotifications(String eventId, String recipientId, Integer limit) {
        CurrentUser user = CurrentUser.get();
        boolean staff = user.hasRole(CurrentUser.ADMIN) || user.hasRole(CurrentUser.CLERK);
        String recipient = staff ? recipientId : user.subject();
        return ResponseEntity.ok(notifications.find(user.tenant(), recipient, eventId, limit == null ? 100 : limit).stream()
                .map(mapper::toDto).toList());
    }
}
