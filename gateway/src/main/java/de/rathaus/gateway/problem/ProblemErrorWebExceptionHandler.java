package de.rathaus.gateway.problem;

import de.rathaus.gateway.correlation.Correlation;
import io.netty.channel.ConnectTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Turns every failure at the edge into problem+json with a clear {@code detail} and the correlation id, ahead of
 * Boot's default handler (order -1), which would answer with its own JSON or HTML:
 * <ul>
 *   <li>no route and no resource: 404;</li>
 *   <li>a service refusing connections (down, not started): 503; not connectable in time or not answering within
 *       {@code spring.cloud.gateway.server.webflux.httpclient.*-timeout}: 504; breaking the connection or answering
 *       with garbage: 502;</li>
 *   <li>the identity provider's keys not retrievable, so no token can be checked: 503 (the decoder reports this
 *       as a {@link TemporarilyUnavailable} exception, possibly wrapped in an {@code IllegalStateException});</li>
 *   <li>any other {@link ResponseStatusException} (405, 413, 415, ...): its status and reason;</li>
 *   <li>anything else: 500, logged with the stack trace, and nothing internal in the answer.</li>
 * </ul>
 * 401, 403, 413 for a declared size and 429 are answered by their filters with the same {@link ProblemWriter}.
 */
@Component
@Order(-2)
public class ProblemErrorWebExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorWebExceptionHandler.class);

    private final ProblemWriter problems;

    public ProblemErrorWebExceptionHandler(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(ex);
        }
        Answer answer = classify(exchange, ex);
        String correlationId = Correlation.correlationId(exchange);
        String request = exchange.getRequest().getMethod() + " " + exchange.getRequest().getPath().value();
        if (answer.status().value() == HttpStatus.INTERNAL_SERVER_ERROR.value()) {
            log.error("Unexpected failure on {} (correlation id {})", request, correlationId, ex);
        } else if (answer.status().is5xxServerError()) {
            log.warn("{} on {} (correlation id {}): {}", answer.status().value(), request, correlationId, rootCause(ex).toString());
        } else {
            log.debug("{} on {} (correlation id {}): {}", answer.status().value(), request, correlationId, ex.toString());
        }
        return problems.write(exchange, answer.status(), answer.detail(), headers -> headers.addAll(answer.headers()));
    }

    Answer classify(ServerWebExchange exchange, Throwable ex) {
        String service = service(exchange);
        if (ex instanceof ResponseStatusException rse) {
            return fromResponseStatus(exchange, rse, service);
        }
        TemporarilyUnavailable unavailable = find(ex, TemporarilyUnavailable.class);
        if (unavailable != null) {
            return answer(HttpStatus.SERVICE_UNAVAILABLE, unavailable.callerMessage());
        }
        if (has(ex, AuthenticationServiceException.class)) {
            return answer(HttpStatus.SERVICE_UNAVAILABLE,
                    "Access tokens cannot be verified right now because the identity provider's signing keys are "
                            + "not available. Please try again later.");
        }
        if (service != null) {
            if (has(ex, ConnectTimeoutException.class) || has(ex, TimeoutException.class)) {
                return answer(HttpStatus.GATEWAY_TIMEOUT,
                        "The %s service could not be reached in time. Please try again later.".formatted(service));
            }
            if (has(ex, ConnectException.class) || has(ex, UnknownHostException.class)
                    || has(ex, NoRouteToHostException.class)) {
                return answer(HttpStatus.SERVICE_UNAVAILABLE,
                        "The %s service is not available at the moment. Please try again later.".formatted(service));
            }
            if (has(ex, IOException.class)) {
                return answer(HttpStatus.BAD_GATEWAY,
                        "The %s service closed the connection without a valid answer. Please try again."
                                .formatted(service));
            }
        }
        return answer(HttpStatus.INTERNAL_SERVER_ERROR,
                "An unexpected error occurred at the gateway. Please quote the correlation id when reporting it.");
    }

    private Answer fromResponseStatus(ServerWebExchange exchange, ResponseStatusException rse, String service) {
        HttpStatusCode status = rse.getStatusCode();
        String detail;
        if (status.value() == HttpStatus.NOT_FOUND.value()) {
            detail = "No API route or resource matches %s %s. The gateway routes /api/v1/applications, "
                    .formatted(exchange.getRequest().getMethod(), exchange.getRequest().getPath().value())
                    + "/api/v1/appointments, /api/v1/payments and /api/v1/notifications.";
        } else if (status.value() == HttpStatus.GATEWAY_TIMEOUT.value() && service != null) {
            detail = "The %s service did not answer in time. Please try again later.".formatted(service);
        } else if (status.is5xxServerError()) {
            detail = "The request could not be completed at the gateway (%s). Please try again later."
                    .formatted(title(status));
        } else {
            detail = rse.getReason() != null ? rse.getReason() : title(status);
        }
        return new Answer(status, detail, rse.getHeaders());
    }

    /** The service (route id) the request was routed to, or {@code null} when it matched no route. */
    private static String service(ServerWebExchange exchange) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        return route == null ? null : route.getId();
    }

    private static boolean has(Throwable ex, Class<? extends Throwable> type) {
        return find(ex, type) != null;
    }

    /** The first exception in the cause chain that is a {@code type}, or null. */
    private static <T> T find(Throwable ex, Class<T> type) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static Throwable rootCause(Throwable ex) {
        Throwable t = ex;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String title(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known != null ? known.getReasonPhrase() : "HTTP " + status.value();
    }

    private static Answer answer(HttpStatus status, String detail) {
        return new Answer(status, detail, HttpHeaders.EMPTY);
    }

    record Answer(HttpStatusCode status, String detail, HttpHeaders headers) {
    }
}
