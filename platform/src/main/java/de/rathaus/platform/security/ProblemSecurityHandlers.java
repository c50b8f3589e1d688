package de.rathaus.platform.security;

import de.rathaus.platform.web.ProblemDetailsAdvice;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * 401 and 403 as problem+json. The standard bearer-token handlers still set status and {@code WWW-Authenticate}
 * (RFC 6750); this adds the body. Requests the firewall refuses (control characters in a header, encoded slashes in
 * the path, ...) get a 400 problem+json instead of the bare status.
 */
public class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

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
