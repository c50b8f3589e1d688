package de.rathaus.gateway.security;

import de.rathaus.gateway.problem.ProblemWriter;
import org.springframework.http.HttpStatus;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.CorsProcessor;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * CORS in the security chain, ahead of authentication, so a portal's preflight needs no token. Works like Spring's
 * {@code CorsWebFilter} (valid preflights are answered here, actual requests get the CORS response headers), but a
 * request from an origin that is not allowed is refused with 403 problem+json instead of an empty body.
 */
public class ProblemCorsWebFilter implements WebFilter {

    private final CorsConfigurationSource source;
    private final CorsProcessor processor = new DefaultCorsProcessor();
    private final ProblemWriter problems;

    public ProblemCorsWebFilter(CorsConfigurationSource source, ProblemWriter problems) {
        this.source = source;
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        boolean valid = processor.process(source.getCorsConfiguration(exchange), exchange);
        if (!valid) {
            return problems.write(exchange, HttpStatus.FORBIDDEN,
                    "Cross-origin request refused: its origin, method or headers are not allowed at this gateway.");
        }
        if (CorsUtils.isPreFlightRequest(exchange.getRequest())) {
            return Mono.empty();
        }
        return chain.filter(exchange);
    }
}
