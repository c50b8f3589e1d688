package de.rathaus.gateway.security;

import de.rathaus.gateway.problem.ProblemWriter;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.access.server.BearerTokenServerAccessDeniedHandler;
import org.springframework.security.oauth2.server.resource.web.server.BearerTokenServerAuthenticationEntryPoint;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * 401 and 403 as problem+json. Spring Security's bearer-token handlers still decide the status and the
 * {@code WWW-Authenticate: Bearer ...} header (RFC 6750); they would then complete the response empty, so they
 * get a view of the response whose completion is left to this class, which adds the problem body.
 */
@Component
public class ProblemSecurityHandlers implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

    static final String REALM = "rathaus";

    private final BearerTokenServerAuthenticationEntryPoint entryPoint = new BearerTokenServerAuthenticationEntryPoint();
    private final BearerTokenServerAccessDeniedHandler deniedHandler = new BearerTokenServerAccessDeniedHandler();
    private final ProblemWriter problems;

    public ProblemSecurityHandlers(ProblemWriter problems) {
        this.problems = problems;
        entryPoint.setRealmName(REALM);
        deniedHandler.setRealmName(REALM);
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
        String detail = ex instanceof OAuth2AuthenticationException
                ? "The access token was rejected: " + ex.getMessage()
                : "A bearer access token is required: send it as 'Authorization: Bearer <token>'.";
        return entryPoint.commence(headersOnly(exchange), ex)
                .then(Mono.defer(() -> problems.write(exchange, status(exchange, HttpStatus.UNAUTHORIZED), detail)));
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        String detail = "Access to %s %s is not permitted at the gateway."
                .formatted(exchange.getRequest().getMethod(), exchange.getRequest().getPath().value());
        return deniedHandler.handle(headersOnly(exchange), denied)
                .then(Mono.defer(() -> problems.write(exchange, status(exchange, HttpStatus.FORBIDDEN), detail)));
    }

    private static HttpStatusCode status(ServerWebExchange exchange, HttpStatus fallback) {
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        return status != null && status.isError() ? status : fallback;
    }

    /** The exchange as the standard handlers see it: they set status and headers, but cannot end the response. */
    private static ServerWebExchange headersOnly(ServerWebExchange exchange) {
        ServerHttpResponse response = new ServerHttpResponseDecorator(exchange.getResponse()) {
            @Override
            public Mono<Void> setComplete() {
                return Mono.empty();
            }
        };
        return exchange.mutate().response(response).build();
    }
}
