package de.rathaus.payments.payment;

import de.rathaus.payments.api.PaymentsApi;
import de.rathaus.payments.api.model.PaymentDto;
import de.rathaus.platform.security.CurrentUser;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.RestController;

@RestController
class PaymentsController implements PaymentsApi {

    private final PaymentService service;
    private final PaymentMapper mapper;

    PaymentsController(PaymentService service, PaymentMapper mapper) {
        this.service = service;
        this.mapper = mapper;
    }

    @Override
    @PreAuthorize("hasRole('citizen')")
    public ResponseEntity<List<PaymentDto>> listMyPayments() {
        return ResponseEntity.ok(mapper.toDtos(service.listOwn(CurrentUser.get())));
    }

    @Override
    @PreAuthorize("hasAnyRole('citizen', 'clerk', 'admin')")
    public ResponseEntity<PaymentDto> getPayment(UUID paymentId) {
        return ResponseEntity.ok(mapper.toDto(service.get(CurrentUser.get(), paymentId)));
    }
}
