package de.rathaus.appointments.office;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps slot units materialised up to every office's booking horizon, at start and every night: stores the public
 * holidays of the offices' federal states (this and next year), then creates the missing slots. Idempotent.
 * Whether a slot can be booked yet is decided at booking time by the booking window and release time
 * ({@code office_bookable}), not by whether the row exists. "Today" is the service's clock's. Public: JobSchedule runs
 * it on the scheduler, tests run it themselves.
 */
@Component
public class SlotGenerator {

    private static final Logger log = LoggerFactory.getLogger(SlotGenerator.class);
    private final OfficeRepository offices;
    private final PublicHolidays holidays;
    private final Clock clock;

    SlotGenerator(OfficeRepository offices, PublicHolidays holidays, Clock clock) {
        this.offices = offices;
        this.holidays = holidays;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Transactional
    public void generate() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, OfficeAdmin.LOCAL);
        for (String state : offices.federalStates()) {
            offices.storeHolidays(state, holidays.thisAndNextYear(state, today));
        }
        int created = offices.generateSlots(null, now);
        log.info("Slot generation: {} new slot units", created);
    }
}
