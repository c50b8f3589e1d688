package de.rathaus.platform.web;

import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every error leaves the service as RFC 9457 {@code application/problem+json} with a {@code detail} a client
 * developer can act on, the request's {@code correlationId}, and for invalid input one entry per failing field.
 * Never a stack trace; a 500 only for a genuine fault, with nothing internal in it.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
    public static final URI VALIDATION = URI.create("https://docs.digitales-rathaus.de/problems/validation");
    public static final URI MALFORMED = URI.create("https://docs.digitales-rathaus.de/problems/malformed-request");

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException ex) {
        return withContext(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage()));
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException ex) {
        return withContext(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage()));
    }

    @ExceptionHandler(PreconditionFailedException.class)
    ProblemDetail precondition(PreconditionFailedException ex) {
        return withContext(ProblemDetail.forStatusAndDetail(
                ex.headerMissing() ? HttpStatus.PRECONDITION_REQUIRED : HttpStatus.PRECONDITION_FAILED, ex.getMessage()));
    }

    @ExceptionHandler(InvalidInputException.class)
    ProblemDetail invalidInput(InvalidInputException ex) {
        return validationProblem(List.of(fieldError(ex.field(), ex.getMessage())));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ProblemDetail constraintViolation(ConstraintViolationException ex) {
        List<Map<String, String>> errors = ex.getConstraintViolations().stream()
                .map(v -> fieldError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .toList();
        return validationProblem(errors);
    }

    /** Security exceptions are answered by the security filter chain's problem writers. */
    @ExceptionHandler({AccessDeniedException.class, AuthenticationException.class})
    void rethrowSecurity(RuntimeException ex) {
        throw ex;
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception ex) {
        log.error("Unexpected failure (correlation id {})", RequestContext.correlationId(), ex);
        return withContext(ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "An unexpected error occurred. Quote the correlation id when reporting it."));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            errors.add(fieldError(error.getField(), error.getDefaultMessage()));
        }
        ex.getBindingResult().getGlobalErrors().forEach(e -> errors.add(fieldError(e.getObjectName(), e.getDefaultMessage())));
        return ResponseEntity.badRequest().body(validationProblem(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
                                                                            HttpHeaders headers, HttpStatusCode status,
                                                                            WebRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> {
            String name = result.getMethodParameter().getParameterName();
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                String field = error instanceof FieldError fe ? fe.getField() : name;
                errors.add(fieldError(field, error.getDefaultMessage()));
            }
        });
        return ResponseEntity.badRequest().body(validationProblem(errors));
    }

    /**
     * A multipart body that cannot be parsed (no or a wrong boundary, truncated, malformed part headers) is the
     * caller's fault. Too large a body stays 413 (the base class handles {@code MaxUploadSizeExceededException}).
     */
    @ExceptionHandler(MultipartException.class)
    ProblemDetail malformedMultipart(MultipartException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request body is not a well-formed multipart/form-data body: check the boundary and the parts.");
        problem.setType(MALFORMED);
        problem.setTitle("Malformed request");
        return withContext(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        if (ex.getCause() instanceof NulCharacters.NulCharacterException nul) {
            return ResponseEntity.badRequest().body(validationProblem(List.of(fieldError(nul.field(), nul.problem()))));
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, describeUnreadable(ex));
        problem.setType(MALFORMED);
        problem.setTitle("Malformed request");
        return ResponseEntity.badRequest().body(withContext(problem));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status,
                                                        WebRequest request) {
        String name = ex.getPropertyName() == null ? "parameter" : ex.getPropertyName();
        String expected = ex.getRequiredType() == null ? "a valid value" : describeType(ex.getRequiredType());
        return ResponseEntity.badRequest().body(validationProblem(List.of(fieldError(name, "must be " + expected))));
    }

    /** Every problem of the base class gets the correlation id, also those whose body the base class makes. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem) {
            withContext(problem);
        }
        return response;
    }

    static String describeUnreadable(HttpMessageNotReadableException ex) {
        Throwable cause = ex.getCause();
        if (cause == null) {
            return "A JSON request body is required.";
        }
        if (cause instanceof StreamReadException read) {
            return read.getLocation() == null
                    ? "The request body is not well-formed JSON."
                    : "The request body is not well-formed JSON (line %d, column %d)."
                            .formatted(read.getLocation().getLineNr(), read.getLocation().getColumnNr());
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return "Unknown field '%s'.".formatted(path(unknown));
        }
        if (cause instanceof InvalidFormatException invalid && invalid.getTargetType() != null) {
            return "Field '%s' must be %s.".formatted(path(invalid), describeType(invalid.getTargetType()));
        }
        if (cause instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
            return "Field '%s' has a value of the wrong type.".formatted(path(jackson));
        }
        return "The request body could not be read as the expected JSON document.";
    }

    private static String path(JacksonException ex) {
        return ex.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String describeType(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "));
        }
        return switch (type.getSimpleName()) {
            case "UUID" -> "a UUID";
            case "LocalDate" -> "a date (YYYY-MM-DD)";
            case "OffsetDateTime", "Instant" -> "a date-time (RFC 3339)";
            case "Integer", "int", "Long", "long" -> "an integer";
            case "Boolean", "boolean" -> "true or false";
            default -> "a valid " + type.getSimpleName();
        };
    }

    private static String lastNode(String propertyPath) {
        int dot = propertyPath.lastIndexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }

    private static Map<String, String> fieldError(String field, String message) {
        return Map.of("field", field, "message", message == null ? "is invalid" : message);
    }

    private static ProblemDetail validationProblem(List<Map<String, String>> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                errors.size() == 1
                        ? "Invalid request: '%s' %s.".formatted(errors.get(0).get("field"), errors.get(0).get("message"))
                        : "Invalid request: %d fields are invalid.".formatted(errors.size()));
        problem.setType(VALIDATION);
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return withContext(problem);
    }

    public static ProblemDetail withContext(ProblemDetail problem) {
        String correlationId = RequestContext.correlationId();
        if (correlationId != null) {
            problem.setProperty("correlationId", correlationId);
        }
        return problem;
    }
}
