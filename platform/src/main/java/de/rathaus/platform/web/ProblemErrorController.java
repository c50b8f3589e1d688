package de.rathaus.platform.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page ({@code server.error.path}, {@code /error}) as problem+json, in place of
 * Boot's JSON map: the container forwards here what went wrong after the request entered the filters but outside
 * Spring MVC's exception handling, such as an exception or a {@code sendError} in a filter.
 */
@RestController
class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request, HttpServletResponse response) {
        HttpStatusCode status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code
                ? HttpStatusCode.valueOf(code)
                : HttpStatus.INTERNAL_SERVER_ERROR;
        String correlationId = CorrelationFilter.correlationIdOf(request, response);
        if (status.is5xxServerError()) {
            log.error("{} outside Spring MVC on {} (correlation id {})", status.value(),
                    request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), correlationId,
                    request.getAttribute(RequestDispatcher.ERROR_EXCEPTION));
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, ProblemErrorReportValve.detail(status.value()));
        problem.setProperty("correlationId", correlationId);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header(RequestContext.CORRELATION_ID_HEADER, correlationId).body(problem);
    }
}
