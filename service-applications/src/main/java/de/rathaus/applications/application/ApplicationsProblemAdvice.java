package de.rathaus.applications.application;

import de.rathaus.applications.catalog.FormInvalidException;
import de.rathaus.platform.web.PreconditionFailedException;
import de.rathaus.platform.web.ProblemDetailsAdvice;
import java.net.URI;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Problems specific to this service, in the platform's problem+json shape: a stale version of a case (412, naming
 * the current ETag, as the platform answers every stale If-Match) and form validation, whose field errors carry the platform's
 * {@code field}/{@code message} plus a JSON {@code pointer}.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApplicationsProblemAdvice {

    static final URI FORM = URI.create("https://docs.digitales-rathaus.de/problems/form-validation");

    @ExceptionHandler(StaleVersionException.class)
    ProblemDetail stale(StaleVersionException ex) {
        return ProblemDetailsAdvice.withContext(ProblemDetail.forStatusAndDetail(HttpStatus.PRECONDITION_FAILED,
                PreconditionFailedException.stale("application", ex.currentVersion()).getMessage()));
    }

    @ExceptionHandler(FormInvalidException.class)
    ProblemDetail form(FormInvalidException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
        problem.setType(FORM);
        problem.setTitle("Invalid form data");
        problem.setProperty("errors", ex.problems().stream()
                .map(p -> Map.of("field", p.field(), "pointer", p.pointer(), "message", p.message()))
                .toList());
        return ProblemDetailsAdvice.withContext(problem);
    }
}
