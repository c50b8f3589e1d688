package de.rathaus.payments.provider;

import de.rathaus.payments.PaymentsProperties;
import java.sql.Timestamp;
import java.time.Clock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Forgets notification ids after {@code rathaus.payments.notification-retention} (far beyond the 300 s tolerance). */
@Component
public class NotificationHousekeeping {

    private final JdbcClient jdbc;
    private final PaymentsProperties props;
    private final Clock clock;

    NotificationHousekeeping(JdbcClient jdbc, PaymentsProperties props, Clock clock) {
        this.jdbc = jdbc;
        this.props = props;
        this.clock = clock;
    }

    /** @return how many notification ids were forgotten */
    @Scheduled(initialDelay = 120_000, fixedDelay = 3_600_000)
    public int cleanUp() {
        return jdbc.sql("delete from provider_notification where received_at < :cutoff")
                .param("cutoff", Timestamp.from(clock.instant().minus(props.notificationRetention())))
                .update();
    }
}
