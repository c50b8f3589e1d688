package de.rathaus.applications.web;

import de.rathaus.platform.security.CurrentUser;
import java.util.Optional;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** The caller plus the clerk's organisational unit (Keycloak user attribute {@code org_unit} mapped into the token). */
public record Caller(CurrentUser user, Optional<String> orgUnit) {

    public static final String ORG_UNIT_CLAIM = "org_unit";

    public static Caller get() {
        CurrentUser user = CurrentUser.get();
        String orgUnit = SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token
                ? token.getToken().getClaimAsString(ORG_UNIT_CLAIM) : null;
        return new Caller(user, Optional.ofNullable(orgUnit).filter(s -> !s.isBlank()));
    }

    public String subject() {
        return user.subject();
    }

    public String tenant() {
        return user.tenant();
    }

    public boolean isStaff() {
        return user.hasRole(CurrentUser.CLERK) || user.hasRole(CurrentUser.ADMIN);
    }

    public boolean isCitizen() {
        return user.hasRole(CurrentUser.CITIZEN) && !isStaff();
    }

    /** Clerks bound to an organisational unit see only its cases; admins and clerks without one the whole tenant. */
    public boolean mayHandle(String caseOrgUnit) {
        return user.hasRole(CurrentUser.ADMIN) || orgUnit.map(caseOrgUnit::equals).orElse(true);
    }
}
