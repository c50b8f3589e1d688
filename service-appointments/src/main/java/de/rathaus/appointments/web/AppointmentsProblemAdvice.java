package de.rathaus.appointments.web;

import de.rathaus.platform.web.ProblemDetailsAdvice;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Problems specific to this service, in the platform's problem+json shape: a stale If-Match (412). */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class AppointmentsProblemAdvice {

    @ExceptionHandler(PreconditionFailedException.class)
    ProblemDetail precondition(PreconditionFailedException ex) {
        return ProblemDetailsAdvice.withContext(ProblemDetail.forStatusAndDetail(HttpStatus.PRECONDITION_FAILED, ex.getMessage()));
    }
}
