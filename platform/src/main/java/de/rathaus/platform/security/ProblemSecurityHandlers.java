package de.rathaus.platform.security;

import de.rathaus.platform.web.ProblemDetailsAdvice;
import de.rathaus.platform.web.RequestContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * 401 and 403 as problem+json. The standard bearer-token handlers still set status and {@code WWW-Authenticate}
 * (RFC 6750); this adds the body. Requests the firewall refuses (control characters in a header, encoded slashes in
 * the path, ...) get a 400 problem+json instead of the bare status.
 * <p>
 * As the bearer-token filter's failure handler it tells the two kinds of failed authentication apart: a token that
 * is invalid is 401; a token that cannot be checked because the identity provider's signing keys cannot be loaded
 * ({@link AuthenticationServiceException}) is 503, the service's problem and not the caller's. Spring Security's
 * default handler would rethrow the latter into the container's error page.
 */
public class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler,
        AuthenticationFailureHandler {

    /** What a caller is told while no token can be checked. */
    public static final String KEYS_UNAVAILABLE = "Access tokens cannot be verified right now because the identity"
            + " provider's signing keys are not available. Please try again later.";

    private static final Logger log = LoggerFactory.getLogger(ProblemSecurityHandlers.class);

    /** Fixed: the firewall's own message quotes the refused header value, which may be a token. */
    public static final String REJECTED = "The request was refused: its URL, method, a header or a parameter contains"
            + " something that is not allowed, such as a control character or an encoded slash.";

    private final BearerTokenAuthenticationEntryPoint entryPoint = new BearerTokenAuthenticationEntryPoint();
    private final BearerTokenAccessDeniedHandler deniedHandler = new BearerTokenAccessDeniedHandler();
    private final JsonMapper json;

    public ProblemSecurityHandlers(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
            throws IOException {
        entryPoint.commence(request, response, ex);
        String detail = ex instanceof InvalidBearerTokenException
                ? "The access token was rejected: " + ex.getMessage()
                : "A bearer access token is required.";
        write(response, HttpStatus.UNAUTHORIZED, detail);
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException ex) throws IOException {
        if (ex instanceof AuthenticationServiceException) {
            log.warn("A token could not be checked (correlation id {}): {}", RequestContext.correlationId(),
                    ex.getMessage());
            write(response, HttpStatus.SERVICE_UNAVAILABLE, KEYS_UNAVAILABLE);
            return;
        }
        commence(request, response, ex);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
            throws IOException {
        deniedHandler.handle(request, response, ex);
        write(response, HttpStatus.FORBIDDEN, "Your role does not allow this operation.");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException ex)
            throws IOException {
        write(response, HttpStatus.BAD_REQUEST, REJECTED);
    }

    private void write(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        ProblemDetail problem = ProblemDetailsAdvice.withContext(ProblemDetail.forStatusAndDetail(status, detail));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
