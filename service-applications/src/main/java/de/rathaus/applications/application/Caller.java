package de.rathaus.applications.application;

import de.rathaus.platform.security.CurrentUser;
import java.util.Optional;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** Who acts: the caller plus the clerk's organisational unit (Keycloak user attribute {@code org_unit} in the token). */
record Caller(CurrentUser user, Optional<String> orgUnit) {

    static final String ORG_UNIT_CLAIM = "org_unit";

    /** The caller of the current request. */
    static Caller get() {
        CurrentUser user = CurrentUser.get();
        String orgUnit = SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token
                ? token.getToken().getClaimAsString(ORG_UNIT_CLAIM) : null;
        return new Caller(user, Optional.ofNullable(orgUnit).filter(s -> !s.isBlank()));
    }

    String subject() {
        return user.subject();
    }

    String tenant() {
        return user.tenant();
    }

    boolean isStaff() {
        return user.hasRole(CurrentUser.CLERK) || user.hasRole(CurrentUser.ADMIN);
    }

    /** Clerks bound to an organisational unit see only its cases; admins and clerks without one the whole tenant. */
    boolean mayHandle(String caseOrgUnit) {
        return user.hasRole(CurrentUser.ADMIN) || orgUnit.map(caseOrgUnit::equals).orElse(true);
    }
}
