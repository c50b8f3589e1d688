package de.rathaus.appointments.booking;

import de.rathaus.appointments.api.BookingsApi;
import de.rathaus.appointments.api.model.BookingDto;
import de.rathaus.appointments.api.model.BookingRequestDto;
import de.rathaus.platform.security.CurrentUser;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.RestController;

@RestController
@PreAuthorize("hasRole('citizen')")
class BookingsController implements BookingsApi {

    private final BookingService service;
    private final BookingMapper mapper;

    BookingsController(BookingService service, BookingMapper mapper) {
        this.service = service;
        this.mapper = mapper;
    }

    @Override
    public ResponseEntity<BookingDto> bookSlot(BookingRequestDto request) {
        Booking booking = service.book(CurrentUser.get(), request.getSlotId());
        return ResponseEntity.created(URI.create("/api/v1/appointments/bookings/" + booking.id())).body(mapper.toDto(booking));
    }

    @Override
    public ResponseEntity<List<BookingDto>> listMyBookings() {
        return ResponseEntity.ok(mapper.toDtos(service.listOwn(CurrentUser.get())));
    }

    @Override
    public ResponseEntity<BookingDto> getBooking(UUID bookingId) {
        return ResponseEntity.ok(mapper.toDto(service.get(CurrentUser.get(), bookingId)));
    }
}
