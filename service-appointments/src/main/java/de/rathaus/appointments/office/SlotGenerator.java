package de.rathaus.appointments.office;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Keeps slots available {@code appointments.slot-horizon-days} ahead: at start and every night. */
@Component
class SlotGenerator {

    private static final Logger log = LoggerFactory.getLogger(SlotGenerator.class);
    private final OfficeRepository offices;
    private final int horizonDays;

    SlotGenerator(OfficeRepository offices, @Value("${appointments.slot-horizon-days:28}") int horizonDays) {
        this.offices = offices;
        this.horizonDays = horizonDays;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Scheduled(cron = "0 5 0 * * *", zone = "Europe/Berlin")
    void generate() {
        int created = offices.generateSlots(horizonDays);
        log.info("Slot generation: {} new slots for the next {} days", created, horizonDays);
    }
}
