package de.rathaus.applications.application;

import de.rathaus.applications.catalog.ServiceType;
import de.rathaus.applications.catalog.ServiceTypeRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What other services tell about a case (system use cases, from their events): its fee was paid, an appointment
 * for it was booked, moved or cancelled. Only for a case of the event's tenant and citizen; anything else is
 * ignored (not ours, or a forged reference). The case is locked, so a concurrent clerk write waits.
 */
@Service
class FeesAndAppointments {

    private final Cases cases;
    private final CaseJournal journal;
    private final ServiceTypeRepository serviceTypes;
    private final Clock clock;

    FeesAndAppointments(Cases cases, CaseJournal journal, ServiceTypeRepository serviceTypes, Clock clock) {
        this.cases = cases;
        this.journal = journal;
        this.serviceTypes = serviceTypes;
        this.clock = clock;
    }

    /** PaymentSucceeded for this application: the fee is paid; a case waiting for it moves on and its clock starts. */
    @Transactional
    void feePaid(String tenant, UUID id, String citizenId) {
        Application application = cases.lockOfCitizen(tenant, id, citizenId).orElse(null);
        if (application == null || application.isFeePaid()) {
            return; // not ours (wrong tenant or payer) or already recorded
        }
        ServiceType type = serviceTypes.find(tenant, application.getServiceType(), application.getServiceTypeVersion());
        Instant now = clock.instant();
        Optional<ApplicationStatus> previous = application.payFee(type, now);
        cases.save(application);
        journal.timeline(application, "FEE_PAID", null, now);
        previous.ifPresent(p -> journal.statusChanged(application, p, CaseJournal.SYSTEM, null, now));
    }

    /** An appointment booked or moved ({@code start}) for this application. */
    @Transactional
    void appointmentBooked(String tenant, UUID id, String citizenId, UUID appointmentId, Instant start) {
        lockUnerased(tenant, id, citizenId).ifPresent(application -> {
            Instant now = clock.instant();
            application.bookAppointment(appointmentId, start, now);
            cases.save(application);
            journal.timeline(application, "APPOINTMENT_BOOKED", start == null ? null : start.toString(), now);
        });
    }

    /** The appointment was cancelled: forgotten if it is the one booked for this application. */
    @Transactional
    void appointmentCancelled(String tenant, UUID id, String citizenId, UUID appointmentId, Instant start) {
        lockUnerased(tenant, id, citizenId).ifPresent(application -> {
            Instant now = clock.instant();
            if (application.cancelAppointment(appointmentId, now)) {
                cases.save(application);
                journal.timeline(application, "APPOINTMENT_CANCELLED", start == null ? null : start.toString(), now);
            }
        });
    }

    private Optional<Application> lockUnerased(String tenant, UUID id, String citizenId) {
        return cases.lockOfCitizen(tenant, id, citizenId).filter(a -> !a.isErased());
    }
}
