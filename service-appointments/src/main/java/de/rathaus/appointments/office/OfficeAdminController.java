package de.rathaus.appointments.office;

import de.rathaus.appointments.api.AdminApi;
import de.rathaus.appointments.api.model.ClosureDto;
import de.rathaus.appointments.api.model.NewOfficeDto;
import de.rathaus.appointments.api.model.OfficeChangeDto;
import de.rathaus.appointments.api.model.OfficeDto;
import de.rathaus.appointments.api.model.OfficeServiceSettingsDto;
import de.rathaus.appointments.api.model.OfficeSettingsDto;
import de.rathaus.appointments.api.model.OpeningHoursDto;
import de.rathaus.platform.security.CurrentUser;
import de.rathaus.platform.web.ConflictException;
import de.rathaus.platform.web.ETags;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.RestController;

@RestController
@PreAuthorize("hasRole('admin')")
class OfficeAdminController implements AdminApi {

    private final OfficeAdmin admin;
    private final OfficeMapper mapper;

    OfficeAdminController(OfficeAdmin admin, OfficeMapper mapper) {
        this.admin = admin;
        this.mapper = mapper;
    }

    private static String tenant() {
        return CurrentUser.get().tenant();
    }

    /** The If-Match header as the administration's expectation (none without the header; 412 on a stale ETag). */
    private static ExpectedVersion expectedVersion(String ifMatch) {
        return current -> ETags.check(ifMatch, current, false, "office");
    }

    @Override
    public ResponseEntity<List<OfficeDto>> adminListOffices() {
        return ResponseEntity.ok(mapper.toOfficeDtos(admin.list(tenant())));
    }

    @Override
    public ResponseEntity<OfficeDto> createOffice(NewOfficeDto request) {
        int slotMinutes = request.getSlotMinutes() == null ? 15 : request.getSlotMinutes();
        Office office = admin.create(tenant(), mapper.toSettings(request.getSettings()), slotMinutes,
                mapper.toServices(request.getServices()), mapper.toOpeningHours(request.getOpeningHours()));
        return ResponseEntity.created(URI.create("/api/v1/appointments/admin/offices/" + office.id()))
                .eTag(ETags.of(office.version()))
                .body(mapper.toDto(office));
    }

    @Override
    public ResponseEntity<OfficeDto> adminGetOffice(UUID officeId) {
        Office office = admin.get(tenant(), officeId);
        return ResponseEntity.ok().eTag(ETags.of(office.version())).body(mapper.toDto(office));
    }

    @Override
    public ResponseEntity<OfficeChangeDto> updateOffice(UUID officeId, OfficeSettingsDto request, String ifMatch) {
        return changed(HttpStatus.OK, () -> admin.update(tenant(), officeId, expectedVersion(ifMatch), mapper.toSettings(request)));
    }

    @Override
    public ResponseEntity<OfficeChangeDto> replaceOpeningHours(UUID officeId, List<OpeningHoursDto> request, String ifMatch) {
        return changed(HttpStatus.OK, () -> admin.replaceOpeningHours(tenant(), officeId, expectedVersion(ifMatch), mapper.toOpeningHours(request)));
    }

    @Override
    public ResponseEntity<OfficeChangeDto> putOfficeService(UUID officeId, String serviceKey, OfficeServiceSettingsDto request,
                                                            String ifMatch) {
        Office.OfficeService service = new Office.OfficeService(serviceKey, request.getCapacity(), request.getDurationSlots());
        return changed(HttpStatus.OK, () -> admin.putService(tenant(), officeId, expectedVersion(ifMatch), service));
    }

    @Override
    public ResponseEntity<OfficeChangeDto> removeOfficeService(UUID officeId, String serviceKey, String ifMatch) {
        return changed(HttpStatus.OK, () -> admin.removeService(tenant(), officeId, expectedVersion(ifMatch), serviceKey));
    }

    @Override
    public ResponseEntity<List<ClosureDto>> listClosures(UUID officeId, LocalDate from) {
        return ResponseEntity.ok(mapper.toClosureDtos(admin.closures(tenant(), officeId, from)));
    }

    @Override
    public ResponseEntity<OfficeChangeDto> addClosure(UUID officeId, ClosureDto request, String ifMatch) {
        return changed(HttpStatus.CREATED, () -> admin.addClosure(tenant(), officeId, expectedVersion(ifMatch), mapper.toClosure(request)));
    }

    @Override
    public ResponseEntity<OfficeChangeDto> removeClosure(UUID officeId, LocalDate day, String ifMatch) {
        return changed(HttpStatus.OK, () -> admin.removeClosure(tenant(), officeId, expectedVersion(ifMatch), day));
    }

    /**
     * Runs a change; if the database picked it as a deadlock victim against a citizen working on one of the affected
     * appointments at the same moment (rare: see OfficeWithdrawals' lock order), it is tried once more, then 409.
     */
    private ResponseEntity<OfficeChangeDto> changed(HttpStatus status, Supplier<OfficeChange> change) {
        OfficeChange result;
        try {
            result = change.get();
        } catch (PessimisticLockingFailureException first) {
            try {
                result = change.get();
            } catch (PessimisticLockingFailureException second) {
                throw new ConflictException("Bookings at this office changed at the same moment; please try again.");
            }
        }
        return ResponseEntity.status(status).eTag(ETags.of(result.office().version())).body(mapper.toDto(result));
    }
}
