package de.rathaus.gateway.correlation;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives every request a correlation id and a W3C {@code traceparent}: a caller's values are kept when they are
 * safe ({@code X-Correlation-Id} matching {@code [A-Za-z0-9._:-]{1,64}}) and well-formed (version {@code 00},
 * trace and parent id not all zeros), otherwise new ones are made. Both are forwarded to the services, which put
 * them into the headers of the CloudEvents they publish, and the correlation id is echoed on every response.
 *
 * <p>This is a {@link WebFilter} that runs first rather than a route-level {@code GlobalFilter}: a global filter
 * only sees requests that matched a route, but the gateway also answers requests itself (401/403 from the
 * security chain, 404 for no route, 413, CORS refusals), and those problem details must carry the same id. The
 * request headers it rewrites are what the routing filter forwards, so the services receive exactly these values.
 * A {@code tracestate} is dropped together with a malformed {@code traceparent}, as W3C trace context requires.
 */
@Component
public class CorrelationWebFilter implements WebFilter, Ordered {

    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest incoming = exchange.getRequest();
        String correlationId = Correlation.acceptOrCreateCorrelationId(
                incoming.getHeaders().getFirst(Correlation.CORRELATION_ID_HEADER));
        String incomingTraceparent = incoming.getHeaders().getFirst(Correlation.TRACEPARENT_HEADER);
        boolean keepTraceContext = Correlation.isValidTraceparent(incomingTraceparent);
        String traceparent = keepTraceContext ? incomingTraceparent : Correlation.newTraceparent();

        exchange.getAttributes().put(Correlation.CORRELATION_ID_ATTRIBUTE, correlationId);
        exchange.getAttributes().put(Correlation.TRACEPARENT_ATTRIBUTE, traceparent);

        ServerHttpRequest forwarded = incoming.mutate().headers(headers -> {
            headers.set(Correlation.CORRELATION_ID_HEADER, correlationId);
            headers.set(Correlation.TRACEPARENT_HEADER, traceparent);
            if (!keepTraceContext) {
                headers.remove(Correlation.TRACESTATE_HEADER);
            }
        }).build();

        ServerHttpResponse response = exchange.getResponse();
        // set (not add) right before the headers go out: a service echoing the id must not make it appear twice
        response.beforeCommit(() -> {
            response.getHeaders().set(Correlation.CORRELATION_ID_HEADER, correlationId);
            return Mono.empty();
        });
        return chain.filter(exchange.mutate().request(forwarded).build());
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
