package de.rathaus.platform.security;

import de.rathaus.platform.jwt.TenantClaim;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The authenticated caller: Keycloak subject id, municipality (tenant) and realm roles.
 * Every query of citizen data is scoped by {@link #tenant()} and, for citizens, by {@link #subject()}.
 */
public record CurrentUser(String subject, String tenant, Set<String> roles) {

    public static final String CITIZEN = "citizen";
    public static final String CLERK = "clerk";
    public static final String ADMIN = "admin";
    public static final String SYSTEM = "system";
    /** Runs the platform (e.g. redrives dead letters on the management side); no municipal role. */
    public static final String OPERATOR = "operator";

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** The caller of the current request; fails if there is none (every API route requires a token). */
    public static CurrentUser get() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof JwtAuthenticationToken token)) {
            throw new IllegalStateException("No authenticated caller");
        }
        return from(token.getToken(), authentication);
    }

    static CurrentUser from(Jwt jwt, Authentication authentication) {
        Set<String> roles = authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_"))
                .map(a -> a.substring(5))
                .collect(Collectors.toUnmodifiableSet());
        return new CurrentUser(jwt.getSubject(), jwt.getClaimAsString(TenantClaim.NAME), roles);
    }
}
