package de.rathaus.platform.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.servlet.DispatcherType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import de.rathaus.platform.jwt.BearerTokens;
import de.rathaus.platform.jwt.HeaderCharacters;
import de.rathaus.platform.jwt.JwksWarmUp;
import de.rathaus.platform.jwt.SecurityProperties;
import de.rathaus.platform.jwt.TokenValidation;
import de.rathaus.platform.jwt.ValidatedTokens;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import tools.jackson.databind.json.JsonMapper;

/**
 * Zero trust: every service validates the caller's token itself (signature against the realm's JWKS, issuer,
 * audience, expiry, tenant claim) even though the gateway already did, maps Keycloak realm roles to
 * {@code ROLE_*} authorities and answers 401/403 as problem+json (503 while the realm's keys cannot be loaded).
 *
 * <p>The decoder is built here rather than by Boot so that issuer and audience validation cannot silently get
 * lost when a validator is added (spring-security issue 18230); tests prove both are enforced. The JWKS is
 * fetched right after start ({@link JwksWarmUp}, part of readiness) and cached, refreshed ahead of expiry and on
 * unknown key ids.
 */
@AutoConfiguration(before = ServletWebSecurityAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(SecurityProperties.class)
@EnableMethodSecurity
public class SecurityAutoConfiguration {

    /** Token-less endpoints of every service, mirroring the gateway's convention. */
    public static final String PUBLIC_API = "/api/v1/*/public/**";

    @Bean
    @ConditionalOnMissingBean
    JWKSource<SecurityContext> rathausJwkSource(SecurityProperties props) {
        return TokenValidation.jwkSource(props);
    }

    @Bean
    @ConditionalOnMissingBean
    JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource, SecurityProperties props) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, jwkSource));
        processor.setJWTClaimsSetVerifier((claims, context) -> {
            // claims are validated by Spring Security's validators below
        });
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
        decoder.setJwtValidator(TokenValidation.validator(props));
        return new CachingJwtDecoder(decoder, new ValidatedTokens());
    }

    /** Loads the JWKS right after start; the service is ready only once it has. */
    @Bean
    JwksWarmUp jwks(JWKSource<SecurityContext> jwkSource, SecurityProperties props) {
        return new JwksWarmUp(jwkSource, props);
    }

    /** The library's rules for the Authorization header, checked without its regular expression ({@link BearerTokens}). */
    @Bean
    @ConditionalOnMissingBean
    BearerTokenResolver rathausBearerTokenResolver() {
        return request -> BearerTokens.resolve(request.getHeader(HttpHeaders.AUTHORIZATION));
    }

    /**
     * No Spring Security observations. They are switched off by property as well
     * ({@code management.observations.enable.spring.security}), but only this bean keeps Spring Security from
     * wrapping every filter of the chain in an observation decorator that then records nothing.
     */
    @Bean
    @ConditionalOnMissingBean
    SecurityObservationSettings rathausSecurityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /** The strict firewall with its default rules; headers are checked without regular expressions ({@link HeaderCharacters}). */
    @Bean
    @ConditionalOnMissingBean
    HttpFirewall rathausHttpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(HeaderCharacters::isAllowedName);
        firewall.setAllowedHeaderValues(HeaderCharacters::isAllowedValue);
        firewall.setAllowedParameterNames(HeaderCharacters::isAllowedName);
        return firewall;
    }

    /** Keycloak puts realm roles into {@code realm_access.roles}. */
    @Bean
    @ConditionalOnMissingBean
    JwtAuthenticationConverter jwtAuthenticationConverter() {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(jwt -> {
            Map<String, Object> realmAccess = jwt.getClaimAsMap("realm_access");
            List<GrantedAuthority> authorities = new ArrayList<>();
            if (realmAccess != null && realmAccess.get("roles") instanceof Collection<?> roles) {
                roles.forEach(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role)));
            }
            return authorities;
        });
        return converter;
    }

    @Bean
    ProblemSecurityHandlers rathausProblemSecurityHandlers(JsonMapper json) {
        return new ProblemSecurityHandlers(json);
    }

    @Bean
    @ConditionalOnMissingBean
    SecurityFilterChain rathausSecurityFilterChain(HttpSecurity http, JwtAuthenticationConverter converter,
                                                   ProblemSecurityHandlers problems) throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        // the container's error page renders the error of a request that was already decided on
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        // token-less by convention (as at the gateway): the service authenticates these requests
                        // itself (signed links, provider signatures); a bearer token, if sent, is still validated
                        .requestMatchers(PUBLIC_API).permitAll()
                        .requestMatchers("/api/**").authenticated()
                        .anyRequest().denyAll())
                .oauth2ResourceServer(oauth -> oauth
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(converter))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems)
                        .withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
                            @Override
                            public <F extends BearerTokenAuthenticationFilter> F postProcess(F filter) {
                                filter.setAuthenticationFailureHandler(problems);
                                return filter;
                            }
                        }))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems));
        return http.build();
    }
}
