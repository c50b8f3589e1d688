package de.rathaus.notifications.delivery;

import java.time.Clock;
import org.springframework.stereotype.Component;

/** Receives an SMS provider's delivery reports: a SENT notification becomes DELIVERED or FAILED. */
@Component
public class SmsDeliveryReports {

    private final NotificationRepository notifications;
    private final Clock clock;

    SmsDeliveryReports(NotificationRepository notifications, Clock clock) {
        this.notifications = notifications;
        this.clock = clock;
    }

    public boolean delivered(String providerMessageId) {
        return notifications.report("SMS", providerMessageId, "DELIVERED", null, clock.instant());
    }

    public boolean failed(String providerMessageId, String reason) {
        return notifications.report("SMS", providerMessageId, "FAILED", reason, clock.instant());
    }
}
