package de.rathaus.payments.provider;

import de.rathaus.payments.payment.PaymentService;
import de.rathaus.payments.provider.NotificationVerifier.Notification;
import de.rathaus.platform.web.ProblemDetailsAdvice;
import jakarta.servlet.http.HttpServletRequest;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/payments/public/provider-notifications} (contract operation receiveProviderNotification).
 * Written by hand instead of implementing the generated interface because the signature is computed over the raw
 * body bytes, which a parsed DTO no longer has. No token: the provider authenticates with the HMAC signature.
 */
@RestController
class ProviderNotificationController {

    private static final Logger log = LoggerFactory.getLogger(ProviderNotificationController.class);

    private final NotificationVerifier verifier;
    private final PaymentService payments;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    ProviderNotificationController(NotificationVerifier verifier, PaymentService payments, JdbcClient jdbc,
                                   TransactionTemplate tx, Clock clock) {
        this.verifier = verifier;
        this.payments = payments;
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
    }

    @PostMapping(path = "/api/v1/payments/public/provider-notifications", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> receive(@RequestBody byte[] body, HttpServletRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, request.getHeader(name));
        }
        Notification notification;
        try {
            notification = verifier.verify(headers, body);
        } catch (InvalidNotificationException e) {
            log.warn("Provider notification rejected from {}: {}", request.getRemoteAddr(), e.getMessage());
            return problem(e instanceof MalformedNotificationException ? HttpStatus.BAD_REQUEST : HttpStatus.UNAUTHORIZED, e.getMessage());
        }
        // the notification id and its effect commit together: a failure leaves no id, so the provider's retry works
        String outcome = tx.execute(status -> {
            int fresh = jdbc.sql("""
                    insert into provider_notification (notification_id, payment_id, type, outcome, received_at)
                    values (:id, :paymentId, :type, 'RECEIVED', :now) on conflict do nothing
                    """)
                    .param("id", notification.notificationId()).param("paymentId", notification.paymentId())
                    .param("type", notification.outcome().name()).param("now", Timestamp.from(clock.instant()))
                    .update();
            if (fresh == 0) {
                return "REPLAY";
            }
            PaymentService.Applied applied = payments.applyProviderOutcome(notification.paymentId(), notification.checkoutId(),
                    notification.outcome(), notification.failureCode(), notification.amountCents());
            jdbc.sql("update provider_notification set outcome = :outcome where notification_id = :id")
                    .param("outcome", applied.name()).param("id", notification.notificationId()).update();
            return applied.name();
        });
        switch (outcome) {
            case "REPLAY" -> {
                log.info("Provider notification {} for payment {} was processed before: replay rejected",
                        notification.notificationId(), notification.paymentId());
                return problem(HttpStatus.CONFLICT, "Notification %s was processed before.".formatted(notification.notificationId()));
            }
            case "UNKNOWN_PAYMENT" -> log.warn("Provider notification {} names unknown payment {} (checkout {}): logged, not retried",
                    notification.notificationId(), notification.paymentId(), notification.checkoutId());
            default -> log.debug("Provider notification {} for payment {}: {} {}", notification.notificationId(),
                    notification.paymentId(), notification.outcome(), outcome);
        }
        return ResponseEntity.accepted().build();
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemDetailsAdvice.withContext(ProblemDetail.forStatusAndDetail(status, detail)));
    }
}
