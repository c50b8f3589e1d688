package de.rathaus.gateway.security;

import de.rathaus.gateway.problem.TemporarilyUnavailable;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * The identity provider's signing keys could not be loaded (JWKS endpoint unreachable or failing), so no token
 * can be checked: a temporary condition of the gateway, answered with 503 rather than blaming the caller's token.
 */
public class SigningKeysUnavailableException extends JwtException implements TemporarilyUnavailable {

    public SigningKeysUnavailableException(Throwable cause) {
        super("The signing keys of the identity provider could not be retrieved", cause);
    }

    @Override
    public String callerMessage() {
        return "Access tokens cannot be verified right now because the identity provider's signing keys are "
                + "not available. Please try again later.";
    }
}
