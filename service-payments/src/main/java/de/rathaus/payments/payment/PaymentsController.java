package de.rathaus.payments.payment;

import de.rathaus.payments.api.PaymentsApi;
import de.rathaus.payments.api.model.CreatePaymentRequestDto;
import de.rathaus.payments.api.model.PaymentDto;
import de.rathaus.payments.api.model.PaymentStatusDto;
import de.rathaus.platform.security.CurrentUser;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.RestController;

/** The payments API; {@code Idempotency-Key} of the POSTs is handled by {@code IdempotencyFilter} before we get here. */
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
    @PreAuthorize("hasAnyRole('clerk', 'admin', 'system')")
    public ResponseEntity<PaymentDto> createPayment(String idempotencyKey, CreatePaymentRequestDto request) {
        Payment payment = service.create(new PaymentService.NewPayment(CurrentUser.get().tenant(), request.getPayerId(),
                request.getReference() == null || request.getReference().getKind() == null ? null
                        : Payment.ReferenceKind.valueOf(request.getReference().getKind().getValue()),
                request.getReference() == null ? null : request.getReference().getId(), request.getAmountCents(),
                request.getCurrency() == null ? null : request.getCurrency().getValue(), request.getDescription(),
                request.getReturnUrl()));
        return ResponseEntity.created(URI.create("/api/v1/payments/" + payment.id())).body(mapper.toDto(payment));
    }

    @Override
    @PreAuthorize("hasAnyRole('clerk', 'admin')")
    public ResponseEntity<List<PaymentDto>> listTenantPayments(PaymentStatusDto status, UUID referenceId, Integer limit) {
        return ResponseEntity.ok(mapper.toDtos(service.listTenant(CurrentUser.get(),
                status == null ? null : Payment.PaymentStatus.valueOf(status.getValue()), referenceId, limit == null ? 100 : limit)));
    }

    @Override
    @PreAuthorize("hasAnyRole('citizen', 'clerk', 'admin')")
    public ResponseEntity<PaymentDto> getPayment(UUID paymentId) {
        return ResponseEntity.ok(mapper.toDto(service.get(CurrentUser.get(), paymentId)));
    }

    @Override
    @PreAuthorize("hasRole('citizen')")
    public ResponseEntity<PaymentDto> startCheckout(UUID paymentId, String idempotencyKey) {
        return ResponseEntity.ok(mapper.toDto(service.startCheckout(CurrentUser.get(), paymentId)));
    }

    @Override
    @PreAuthorize("hasAnyRole('citizen', 'clerk', 'admin')")
    public ResponseEntity<PaymentDto> cancelPayment(UUID paymentId, String idempotencyKey) {
        return ResponseEntity.ok(mapper.toDto(service.cancel(CurrentUser.get(), paymentId)));
    }

    @Override
    @PreAuthorize("hasAnyRole('citizen', 'clerk', 'admin')")
    public ResponseEntity<PaymentDto> retryPayment(UUID paymentId, String idempotencyKey) {
        Payment payment = service.retry(CurrentUser.get(), paymentId);
        return ResponseEntity.created(URI.create("/api/v1/payments/" + payment.id())).body(mapper.toDto(payment));
    }
}
