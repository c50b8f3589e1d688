package de.rathaus.gateway.problem;

import de.rathaus.gateway.correlation.Correlation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the RFC 9457 {@code application/problem+json} answers the gateway gives itself: {@code type}
 * ({@code about:blank}: the status says it all), {@code title}, {@code status}, a {@code detail} a client developer
 * can act on, {@code instance} (the request path) and the request's {@code correlationId}. Never a stack trace.
 */
@Component
public class ProblemWriter {

    private final JsonMapper json;

    public ProblemWriter(JsonMapper json) {
        this.json = json;
    }

    public Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, String detail) {
        return write(exchange, status, detail, headers -> {
        });
    }

    /** Answers with the given problem; {@code headers} may add e.g. {@code Retry-After}. */
    public Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, String detail,
                            Consumer<HttpHeaders> headers) {
        ServerHttpResponse response = exchange.getResponse();
        byte[] body = json.writeValueAsBytes(problem(exchange, status, detail));
        response.setStatusCode(status);
        HttpHeaders responseHeaders = response.getHeaders();
        responseHeaders.remove(HttpHeaders.CONTENT_ENCODING);
        responseHeaders.remove(HttpHeaders.TRANSFER_ENCODING);
        responseHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        responseHeaders.setContentLength(body.length);
        headers.accept(responseHeaders);
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
    }

    static Map<String, Object> problem(ServerWebExchange exchange, HttpStatusCode status, String detail) {
        return problem(status, detail, exchange.getRequest().getPath().value(), Correlation.correlationId(exchange));
    }

    /** The problem document; {@code instance} and {@code correlationId} are left out when null. */
    static Map<String, Object> problem(HttpStatusCode status, String detail, String instance, String correlationId) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title(status));
        problem.put("status", status.value());
        problem.put("detail", detail);
        if (instance != null) {
            problem.put("instance", instance);
        }
        if (correlationId != null) {
            problem.put("correlationId", correlationId);
        }
        return problem;
    }

    private static String title(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known != null ? known.getReasonPhrase() : "HTTP " + status.value();
    }
}
