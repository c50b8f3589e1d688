package de.rathaus.gateway.ratelimit;

import de.rathaus.gateway.problem.ProblemWriter;
import de.rathaus.platform.jwt.TenantClaim;
import java.net.InetSocketAddress;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Applies {@link RateLimiter} to every routed request, keyed by the validated token's {@code sub} (user),
 * {@code tenant} (municipality) and {@code azp} (client). Runs after authentication (all routes require a token)
 * and before anything is forwarded.
 * An exhausted bucket is answered with 429 problem+json and {@code Retry-After} in seconds.
 */
@Component
public class RateLimitGlobalFilter implements GlobalFilter, Ordered {

    /** Early among the route filters: nothing is forwarded for a limited request. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    private final RateLimiter limiter;
    private final ProblemWriter problems;

    public RateLimitGlobalFilter(RateLimiter limiter, ProblemWriter problems) {
        this.limiter = limiter;
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return exchange.getPrincipal()
                .filter(JwtAuthenticationToken.class::isInstance)
                .cast(JwtAuthenticationToken.class)
                .map(token -> decide(token))
                .switchIfEmpty(Mono.fromSupplier(() -> limiter.tryAcquireAnonymous(clientAddress(exchange))))
                .flatMap(decision -> decision.allowed()
                        ? chain.filter(exchange)
                        : tooManyRequests(exchange, decision));
    }

    /** Requests without a token (only the services' public folders get this far) are limited per client address. */
    private static String clientAddress(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
    }

    private RateLimiter.Decision decide(JwtAuthenticationToken token) {
        Jwt jwt = token.getToken();
        String client = jwt.getClaimAsString("azp");
        client = client == null ? "unknown-client" : client;
        String subject = jwt.getSubject();
        // tokens without sub (possible with Keycloak's lightweight tokens) share one bucket per client
        String user = subject == null ? "client-without-sub:" + client : subject;
        return limiter.tryAcquire(jwt.getClaimAsString(TenantClaim.NAME), user, client);
    }

    private Mono<Void> tooManyRequests(ServerWebExchange exchange, RateLimiter.Decision decision) {
        long seconds = decision.retryAfterSeconds();
        String who = switch (decision.limited()) {
            case USER -> "for your account";
            case TENANT -> "for this client application in your municipality";
            case CLIENT -> "for this client application (all municipalities together)";
            case ADDRESS -> "from your network address";
        };
        String detail = "Too many requests %s. Please retry in %d second%s.".formatted(who, seconds, seconds == 1 ? "" : "s");
        return problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, detail,
                headers -> headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds)));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
