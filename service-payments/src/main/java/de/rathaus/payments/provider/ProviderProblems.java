package de.rathaus.payments.provider;

import de.rathaus.payments.payment.ProviderUnavailableException;
import de.rathaus.platform.web.ProblemDetailsAdvice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The provider was unreachable: 502 problem+json (ahead of the platform's catch-all 500). */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProviderProblems {

    private static final Logger log = LoggerFactory.getLogger(ProviderProblems.class);

    @ExceptionHandler(ProviderUnavailableException.class)
    ProblemDetail providerUnavailable(ProviderUnavailableException ex) {
        log.warn("Payment provider unavailable: {}", ex.getMessage());
        return ProblemDetailsAdvice.withContext(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY,
                "The payment provider is not reachable at the moment; nothing was changed. Please try again later."));
    }
}
