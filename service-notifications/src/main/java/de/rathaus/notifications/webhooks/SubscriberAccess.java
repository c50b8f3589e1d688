package de.rathaus.notifications.webhooks;

import java.util.Arrays;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Who may manage webhook subscriptions: a client-credentials client whose token carries the OAuth scope
 * {@code subscriptions} (Keycloak client scope of that name, assigned to subscriber clients such as
 * {@code webhook-subscriber}). The subscriber is identified by the token's {@code azp} (its client id).
 */
@Component("subscriberAccess")
public class SubscriberAccess {

    public static final String SCOPE = "subscriptions";

    public boolean isSubscriber() {
        JwtAuthenticationToken token = token();
        if (token == null) {
            return false;
        }
        String scope = token.getToken().getClaimAsString("scope");
        return scope != null && Arrays.asList(scope.split(" ")).contains(SCOPE) && clientId() != null;
    }

    public String clientId() {
        JwtAuthenticationToken token = token();
        return token == null ? null : token.getToken().getClaimAsString("azp");
    }

    private static JwtAuthenticationToken token() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof JwtAuthenticationToken jwt ? jwt : null;
    }
}
