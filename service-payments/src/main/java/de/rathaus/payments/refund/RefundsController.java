package de.rathaus.payments.refund;

import de.rathaus.payments.api.RefundsApi;
import de.rathaus.payments.api.model.RefundDto;
import de.rathaus.payments.api.model.RefundRequestDto;
import de.rathaus.payments.payment.PaymentService;
import de.rathaus.platform.security.CurrentUser;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.RestController;

/** The refunds of a payment; {@code Idempotency-Key} of the POST is handled by {@code IdempotencyFilter}. */
@RestController
class RefundsController implements RefundsApi {

    private final RefundService refunds;
    private final PaymentService payments;
    private final RefundMapper mapper;

    RefundsController(RefundService refunds, PaymentService payments, RefundMapper mapper) {
        this.refunds = refunds;
        this.payments = payments;
        this.mapper = mapper;
    }

    @Override
    @PreAuthorize("hasAnyRole('citizen', 'clerk', 'admin')")
    public ResponseEntity<List<RefundDto>> listRefunds(UUID paymentId) {
        // whoever may see the payment may see its refunds; everybody else gets the payment's 404
        UUID visible = payments.get(CurrentUser.get(), paymentId).id();
        return ResponseEntity.ok(mapper.toDtos(refunds.list(visible)));
    }

    @Override
    @PreAuthorize("hasAnyRole('clerk', 'admin')")
    public ResponseEntity<RefundDto> refundPayment(UUID paymentId, String idempotencyKey, RefundRequestDto request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(mapper.toDto(
                refunds.refund(CurrentUser.get(), paymentId, request.getAmountCents(), request.getReason())));
    }
}
