package de.rathaus.applications.web;

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
 * Problems specific to this service, in the platform's problem+json shape: preconditions (412/428) and form
 * validation, whose field errors carry the platform's {@code field}/{@code message} plus a JSON {@code pointer}.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApplicationsProblemAdvice {

    static final URI FORM = URI.create("https://docs.digitales-rathaus.de/problems/form-validation");

    @ExceptionHandler(PreconditionFailedException.class)
    ProblemDetail precondition(PreconditionFailedException ex) {
        HttpStatus status = ex.headerMissing() ? HttpStatus.PRECONDITION_REQUIRED : HttpStatus.PRECONDITION_FAILED;
        return ProblemDetailsAdvice.withContext(ProblemDetail.forStatusAndDetail(status, ex.getMessage()));
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
