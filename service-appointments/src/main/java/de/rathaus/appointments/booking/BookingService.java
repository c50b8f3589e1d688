package de.rathaus.appointments.booking;

import de.rathaus.contracts.events.AppointmentBooked;
import de.rathaus.platform.events.EventOutbox;
import de.rathaus.platform.events.EventSpec;
import de.rathaus.platform.security.CurrentUser;
import de.rathaus.platform.web.ConflictException;
import de.rathaus.platform.web.NotFoundException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class BookingService {

    public static final String TOPIC = "rathaus.appointments.v1";
    public static final EventSpec APPOINTMENT_BOOKED = EventSpec.of(TOPIC, "de.rathaus.appointments.AppointmentBooked.v1",
            "appointment-booked.v1.json");

    private final BookingRepository bookings;
    private final EventOutbox outbox;
    private final Clock clock;

    BookingService(BookingRepository bookings, EventOutbox outbox, Clock clock) {
        this.bookings = bookings;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Takes a place, records the booking and its event in one transaction. */
    @Transactional
    public Booking book(CurrentUser citizen, UUID slotId) {
        if (!bookings.takePlace(slotId, citizen.tenant())) {
            BookingRepository.SlotState state = bookings.slotState(slotId, citizen.tenant())
                    .orElseThrow(() -> new NotFoundException("Slot %s does not exist in your municipality.".formatted(slotId)));
            throw new ConflictException(state.past() ? "The slot has already begun." : "The slot is fully booked.");
        }
        UUID id = UUID.randomUUID();
        try {
            bookings.insert(id, citizen.tenant(), citizen.subject(), slotId, clock.instant());
        } catch (DuplicateKeyException e) {
            throw new ConflictException("You have already booked this slot.");
        }
        Booking booking = bookings.find(citizen.tenant(), id).orElseThrow();
        outbox.record(APPOINTMENT_BOOKED, id.toString(), citizen.tenant(),
                new AppointmentBooked(id, slotId, booking.officeId(), booking.serviceType(), citizen.subject(),
                        booking.startsAt().atOffset(ZoneOffset.UTC)));
        return booking;
    }

    @Transactional(readOnly = true)
    public Booking get(CurrentUser citizen, UUID id) {
        return bookings.find(citizen.tenant(), id)
                .filter(b -> b.citizenId().equals(citizen.subject()))
                .orElseThrow(() -> new NotFoundException("Booking %s does not exist or is not yours.".formatted(id)));
    }

    @Transactional(readOnly = true)
    public List<Booking> listOwn(CurrentUser citizen) {
        return bookings.findByCitizen(citizen.tenant(), citizen.subject());
    }
}
