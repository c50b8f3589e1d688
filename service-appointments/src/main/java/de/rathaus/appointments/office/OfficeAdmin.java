package de.rathaus.appointments.office;

import de.rathaus.appointments.booking.OfficeWithdrawals.Outcome;
import de.rathaus.appointments.booking.OfficeWithdrawals;
import de.rathaus.appointments.office.Office.Closure;
import de.rathaus.appointments.office.Office.OfficeService;
import de.rathaus.appointments.office.Office.OpeningHours;
import de.rathaus.platform.web.ConflictException;
import de.rathaus.platform.web.InvalidInputException;
import de.rathaus.platform.web.NotFoundException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Administration of a municipality's offices (realm role admin, own tenant only): settings, services and capacity,
 * weekly opening hours, closures. Every change locks the office, checks the caller's expected version against its own,
 * bumps the version and brings the upcoming slots in line in the same transaction ({@link OfficeWithdrawals}):
 * appointments that no longer fit are cancelled by the office, missing slots are generated.
 */
@Service
public class OfficeAdmin {

    static final ZoneId LOCAL = ZoneId.of("Europe/Berlin");
    private static final int CLOSURES_AHEAD_DAYS = 90;

    private final OfficeRepository offices;
    private final OfficeWithdrawals withdrawals;
    private final PublicHolidays holidays;
    private final Clock clock;

    OfficeAdmin(OfficeRepository offices, OfficeWithdrawals withdrawals, PublicHolidays holidays, Clock clock) {
        this.offices = offices;
        this.withdrawals = withdrawals;
        this.holidays = holidays;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<Office> list(String tenant) {
        LocalDate today = today();
        return offices.findByTenant(tenant, today, today.plusDays(CLOSURES_AHEAD_DAYS));
    }

    @Transactional(readOnly = true)
    public Office get(String tenant, UUID id) {
        LocalDate today = today();
        return offices.find(tenant, id, today, today.plusDays(CLOSURES_AHEAD_DAYS)).orElseThrow(() -> notFound(id));
    }

    @Transactional
    public Office create(String tenant, OfficeSettings settings, int slotMinutes, List<OfficeService> services,
                         List<OpeningHours> openingHours) {
        services = services == null ? List.of() : services;
        openingHours = openingHours == null ? List.of() : openingHours;
        checkServices(services, settings.counters());
        checkSettings(settings, services.stream().mapToInt(OfficeService::capacity).max().orElse(0));
        List<OpeningHours> hours = checkedHours(openingHours);
        UUID id = UUID.randomUUID();
        offices.insert(id, tenant, settings, slotMinutes, clock.instant());
        services.forEach(service -> offices.putService(id, service));
        offices.replaceOpeningHours(id, hours);
        storeHolidays(settings.federalState());
        offices.generateSlots(id, clock.instant());
        return get(tenant, id);
    }

    @Transactional
    public OfficeChange update(String tenant, UUID id, ExpectedVersion expected, OfficeSettings settings) {
        lock(tenant, id, expected);
        checkSettings(settings, offices.maxServiceCapacity(id));
        String previousState = get(tenant, id).federalState();
        offices.update(id, settings);
        Outcome outcome = Outcome.NONE;
        if (!previousState.equals(settings.federalState())) {
            // the new state's public holidays close the office: appointments on them are cancelled
            storeHolidays(settings.federalState());
            outcome = withdrawals.reconcile(id, null, null, null);
        }
        return changed(tenant, id, outcome);
    }

    @Transactional
    public OfficeChange replaceOpeningHours(String tenant, UUID id, ExpectedVersion expected, List<OpeningHours> openingHours) {
        lock(tenant, id, expected);
        offices.replaceOpeningHours(id, checkedHours(openingHours));
        return changed(tenant, id, withdrawals.reconcile(id, null, null, null));
    }

    @Transactional
    public OfficeChange putService(String tenant, UUID id, ExpectedVersion expected, OfficeService service) {
        lock(tenant, id, expected);
        int counters = get(tenant, id).counters();
        if (service.capacity() > counters) {
            throw new InvalidInputException("capacity", "must not exceed the office's %d counter(s)".formatted(counters));
        }
        offices.putService(id, service);
        return changed(tenant, id, withdrawals.reconcile(id, service.key(), null, null));
    }

    @Transactional
    public OfficeChange removeService(String tenant, UUID id, ExpectedVersion expected, String serviceKey) {
        lock(tenant, id, expected);
        if (!offices.removeService(id, serviceKey)) {
            throw new NotFoundException("The office does not offer the service %s.".formatted(serviceKey));
        }
        return changed(tenant, id, withdrawals.reconcile(id, serviceKey, null, null));
    }

    @Transactional(readOnly = true)
    public List<Closure> closures(String tenant, UUID id, LocalDate from) {
        get(tenant, id);
        return offices.closuresFrom(id, from == null ? today() : from);
    }

    @Transactional
    public OfficeChange addClosure(String tenant, UUID id, ExpectedVersion expected, Closure closure) {
        lock(tenant, id, expected);
        if (closure.day().isBefore(today())) {
            throw new InvalidInputException("day", "must not lie in the past");
        }
        if (!offices.addClosure(id, closure)) {
            throw new ConflictException("The office is already closed on %s.".formatted(closure.day()));
        }
        return changed(tenant, id, withdrawals.reconcile(id, null, closure.day().atStartOfDay(LOCAL).toInstant(),
                closure.day().plusDays(1).atStartOfDay(LOCAL).toInstant()));
    }

    @Transactional
    public OfficeChange removeClosure(String tenant, UUID id, ExpectedVersion expected, LocalDate day) {
        lock(tenant, id, expected);
        if (!offices.removeClosure(id, day)) {
            throw new NotFoundException("The office has no closure on %s.".formatted(day));
        }
        return changed(tenant, id, withdrawals.reconcile(id, null, day.atStartOfDay(LOCAL).toInstant(),
                day.plusDays(1).atStartOfDay(LOCAL).toInstant()));
    }

    private void lock(String tenant, UUID id, ExpectedVersion expected) {
        expected.check(offices.lockVersion(tenant, id).orElseThrow(() -> notFound(id)));
    }

    /** After the reconciliation: slots the new rules add (a reopened day, longer hours, a new service) are generated. */
    private OfficeChange changed(String tenant, UUID id, Outcome outcome) {
        offices.bumpVersion(id);
        offices.generateSlots(id, clock.instant());
        return new OfficeChange(get(tenant, id), outcome.cancelledAppointments(), outcome.releasedHolds());
    }

    private void storeHolidays(String federalState) {
        offices.storeHolidays(federalState, holidays.thisAndNextYear(federalState, today()));
    }

    private static void checkSettings(OfficeSettings settings, int largestCapacity) {
        if (settings.bookingWindow().latestDays() < settings.bookingWindow().earliestDays()) {
            throw new InvalidInputException("bookingWindow.latestDays", "must not be before earliestDays");
        }
        if (settings.counters() < largestCapacity) {
            throw new InvalidInputException("counters",
                    "must cover the largest capacity of the office's services (%d)".formatted(largestCapacity));
        }
    }

    private static void checkServices(List<OfficeService> services, int counters) {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < services.size(); i++) {
            OfficeService service = services.get(i);
            if (!keys.add(service.key())) {
                throw new InvalidInputException("services[%d].key".formatted(i), "lists %s twice".formatted(service.key()));
            }
            if (service.capacity() > counters) {
                throw new InvalidInputException("services[%d].capacity".formatted(i),
                        "must not exceed the office's %d counter(s)".formatted(counters));
            }
        }
    }

    /** Each interval must end after it starts; intervals of one day must not overlap (touching is fine). */
    static List<OpeningHours> checkedHours(List<OpeningHours> hours) {
        for (int i = 0; i < hours.size(); i++) {
            if (!hours.get(i).closes().isAfter(hours.get(i).opens())) {
                throw new InvalidInputException("openingHours[%d].closes".formatted(i), "must be after opens");
            }
        }
        List<OpeningHours> sorted = new ArrayList<>(hours);
        sorted.sort(Comparator.comparingInt(OpeningHours::dayOfWeek).thenComparing(OpeningHours::opens));
        for (int i = 1; i < sorted.size(); i++) {
            OpeningHours previous = sorted.get(i - 1);
            OpeningHours next = sorted.get(i);
            if (previous.dayOfWeek() == next.dayOfWeek() && next.opens().isBefore(previous.closes())) {
                throw new InvalidInputException("openingHours[%d]".formatted(hours.indexOf(next)),
                        "overlaps %s-%s on day %d".formatted(previous.opens(), previous.closes(), previous.dayOfWeek()));
            }
        }
        return sorted;
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(LOCAL));
    }

    private static NotFoundException notFound(UUID id) {
        return new NotFoundException("Office %s does not exist in your municipality.".formatted(id));
    }
}
