package de.rathaus.appointments.office;

import de.rathaus.appointments.api.OfficesApi;
import de.rathaus.appointments.api.model.OfficeDto;
import de.rathaus.appointments.api.model.SlotDto;
import de.rathaus.platform.security.CurrentUser;
import de.rathaus.platform.web.InvalidInputException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

@RestController
class OfficesController implements OfficesApi {

    private static final ZoneId LOCAL = ZoneId.of("Europe/Berlin");
    private static final int MAX_RANGE_DAYS = 31;
    private static final int MAX_SLOTS = 500;

    private final OfficeRepository offices;
    private final OfficeMapper mapper;
    private final Clock clock;

    OfficesController(OfficeRepository offices, OfficeMapper mapper, Clock clock) {
        this.offices = offices;
        this.mapper = mapper;
        this.clock = clock;
    }

    @Override
    public ResponseEntity<List<OfficeDto>> listOffices() {
        return ResponseEntity.ok(mapper.toOfficeDtos(offices.findByTenant(CurrentUser.get().tenant())));
    }

    @Override
    public ResponseEntity<List<SlotDto>> listFreeSlots(String serviceType, LocalDate from, LocalDate to, UUID officeId) {
        if (to.isBefore(from)) {
            throw new InvalidInputException("to", "must not be before 'from'");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_RANGE_DAYS) {
            throw new InvalidInputException("to", "must be less than %d days after 'from'".formatted(MAX_RANGE_DAYS));
        }
        Instant start = from.atStartOfDay(LOCAL).toInstant();
        Instant now = clock.instant();
        List<Slot> slots = offices.findFreeSlots(CurrentUser.get().tenant(), serviceType, officeId,
                start.isBefore(now) ? now : start, to.plusDays(1).atStartOfDay(LOCAL).toInstant(), MAX_SLOTS);
        return ResponseEntity.ok(mapper.toSlotDtos(slots));
    }
}
