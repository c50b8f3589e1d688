package de.rathaus.appointments.office;

import de.rathaus.appointments.api.OfficesApi;
import de.rathaus.appointments.api.SlotsApi;
import de.rathaus.appointments.api.model.OfficeDto;
import de.rathaus.appointments.api.model.SlotPageDto;
import de.rathaus.platform.security.CurrentUser;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

@RestController
class OfficesController implements OfficesApi, SlotsApi {

    private static final ZoneId LOCAL = ZoneId.of("Europe/Berlin");
    private static final int CLOSURES_AHEAD_DAYS = 90;

    private final OfficeRepository offices;
    private final SlotSearch slots;
    private final OfficeMapper mapper;
    private final Clock clock;

    OfficesController(OfficeRepository offices, SlotSearch slots, OfficeMapper mapper, Clock clock) {
        this.offices = offices;
        this.slots = slots;
        this.mapper = mapper;
        this.clock = clock;
    }

    @Override
    public ResponseEntity<List<OfficeDto>> listOffices() {
        LocalDate today = LocalDate.now(clock.withZone(LOCAL));
        return ResponseEntity.ok(mapper.toOfficeDtos(offices.findByTenant(CurrentUser.get().tenant(), today,
                today.plusDays(CLOSURES_AHEAD_DAYS))));
    }

    @Override
    public ResponseEntity<SlotPageDto> searchSlots(String serviceType, LocalDate from, LocalDate to, List<UUID> officeId,
                                                   Integer page, Integer size, String after) {
        return ResponseEntity.ok(mapper.toDto(slots.search(CurrentUser.get().tenant(), serviceType, from, to, officeId,
                page == null ? 0 : page, size == null ? 50 : size, after)));
    }
}
