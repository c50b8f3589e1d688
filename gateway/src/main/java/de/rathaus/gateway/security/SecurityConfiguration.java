package de.rathaus.gateway.security;

import de.rathaus.gateway.correlation.Correlation;
import de.rathaus.gateway.problem.ProblemWriter;
import de.rathaus.platform.jwt.BearerTokens;
import de.rathaus.platform.jwt.HeaderCharacters;
import java.time.Duration;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Who may pass: every {@code /api/**} request needs a valid bearer token (see {@link JwtDecoderConfiguration}),
 * except the services' {@link #PUBLIC_API public folders};
 * health, info, Swagger UI (with its config) and the contracts are public; everything else, including springdoc's
 * empty {@code /v3/api-docs} of the gateway itself, is denied. Stateless: no session, no
 * saved requests, no CSRF (no cookies are used). CORS for the portal origins runs first, so preflights need no
 * token.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    static final String[] PUBLIC_GET = {
            "/actuator/health", "/actuator/health/**", "/actuator/info",
            "/swagger-ui.html", "/swagger-ui/**", "/v3/api-docs/swagger-config", "/contracts/**"
    };

    /**
     * Token-less API endpoints, one folder per service: payment-provider notifications, the payment simulator's
     * hosted checkout, signed links for guests. The service authenticates these requests itself (HMAC signatures,
     * signed link tokens); the gateway limits them per client address.
     */
    public static final String PUBLIC_API = "/api/v1/*/public/**";

    /** Makes a creating POST safe to retry. */
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Why a clerk reads or changes a case, recorded in the audit trail. */
    static final String PURPOSE = "X-Purpose";

    @Bean
    SecurityWebFilterChain gatewaySecurityFilterChain(ServerHttpSecurity http, ReactiveJwtDecoder jwtDecoder,
                                                      ProblemSecurityHandlers problemHandlers,
                                                      CorsProperties cors, ProblemWriter problems) {
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .cors(ServerHttpSecurity.CorsSpec::disable)
                .addFilterAt(new ProblemCorsWebFilter(corsConfigurationSource(cors), problems), SecurityWebFiltersOrder.CORS)
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers(HttpMethod.GET, PUBLIC_GET).permitAll()
                        .pathMatchers(PUBLIC_API).permitAll()
                        .pathMatchers("/api/**").authenticated()
                        .anyExchange().denyAll())
                .oauth2ResourceServer(oauth -> oauth
                        .bearerTokenConverter(SecurityConfiguration::bearerToken)
                        .jwt(jwt -> jwt.jwtDecoder(jwtDecoder))
                        .authenticationEntryPoint(problemHandlers)
                        .accessDeniedHandler(problemHandlers))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problemHandlers)
                        .accessDeniedHandler(problemHandlers))
                .build();
    }

    /** The library's rules for the Authorization header, checked without its regular expression ({@link BearerTokens}). */
    static Mono<Authentication> bearerToken(ServerWebExchange exchange) {
        return Mono.fromCallable(() -> BearerTokens.resolve(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION)))
                .map(BearerTokenAuthenticationToken::new);
    }

    /**
     * No Spring Security observations. They are switched off by property as well
     * ({@code management.observations.enable.spring.security}), but only this bean keeps Spring Security from
     * wrapping every filter of the chain in an observation decorator that then records nothing.
     */
    @Bean
    SecurityObservationSettings noSpringSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /** The strict firewall with its default rules; headers are checked without regular expressions ({@link HeaderCharacters}). */
    @Bean
    ServerWebExchangeFirewall gatewayFirewall() {
        StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();
        firewall.setAllowedHeaderNames(HeaderCharacters::isAllowedName);
        firewall.setAllowedHeaderValues(HeaderCharacters::isAllowedValue);
        firewall.setAllowedParameterNames(HeaderCharacters::isAllowedName);
        return firewall;
    }

    /** Requests the firewall refuses get a 400 problem+json instead of the bare status. */
    @Bean
    ServerExchangeRejectedHandler firewallRejections(ProblemWriter problems) {
        // a fixed text: the firewall's own message quotes the refused header value, which may be a token
        return (exchange, rejected) -> problems.write(exchange, HttpStatus.BAD_REQUEST, "The request was refused: its"
                + " URL, method, a header or a parameter contains something that is not allowed, such as a control"
                + " character or an encoded slash.");
    }

    /**
     * The portals' origins may send every request header the API reads (token, If-Match, Idempotency-Key,
     * X-Purpose, correlation and trace context) and read every response header it sets for them (Location of a
     * created resource, ETag for the next If-Match, Retry-After of a 429 or 503, the correlation id).
     */
    static UrlBasedCorsConfigurationSource corsConfigurationSource(CorsProperties props) {
        CorsConfiguration config = new CorsConfiguration();
        config.setAllowedOrigins(props.allowedOrigins());
        config.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
        config.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE,
                Correlation.CORRELATION_ID_HEADER, Correlation.TRACEPARENT_HEADER, HttpHeaders.IF_MATCH,
                IDEMPOTENCY_KEY, PURPOSE));
        config.setExposedHeaders(List.of(HttpHeaders.LOCATION, HttpHeaders.ETAG, HttpHeaders.RETRY_AFTER,
                Correlation.CORRELATION_ID_HEADER));
        config.setMaxAge(Duration.ofHours(1));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", config);
        return source;
    }
}
