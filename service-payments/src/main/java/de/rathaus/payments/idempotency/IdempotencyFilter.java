package de.rathaus.payments.idempotency;

import de.rathaus.platform.jwt.TenantClaim;
import de.rathaus.platform.web.ProblemDetailsAdvice;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} for every authenticated POST of the payments API (IETF draft
 * "The Idempotency-Key HTTP Header Field", as Stripe and GOV.UK Pay use it):
 * <ul>
 *   <li>first request: the key is claimed (IN_PROGRESS) for caller (tenant + subject) and request hash (method,
 *       path, body), the request runs, its response (status, Location/Content-Type, body) is stored;</li>
 *   <li>same key, same request: the stored response, with {@code Idempotent-Replayed: true};</li>
 *   <li>same key, different request: 422; same key while the first is still running: 409;</li>
 *   <li>a 5xx or an exception releases the claim, so the client's retry runs again.</li>
 * </ul>
 * Runs after the security filter chain (it needs the caller) and before the controllers. Written here because no
 * maintained library covers this for Spring MVC with a shared database; it is ~150 lines.
 */
class IdempotencyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED_HEADER = "Idempotent-Replayed";
    static final URI PROBLEM_TYPE = URI.create("https://docs.digitales-rathaus.de/problems/idempotency-key");
    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);

    private final IdempotencyStore store;
    private final JsonMapper json;
    private final Duration lockTimeout;

    IdempotencyFilter(IdempotencyStore store, JsonMapper json, Duration lockTimeout) {
        this.store = store;
        this.json = json;
        this.lockTimeout = lockTimeout;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !"POST".equals(request.getMethod()) || !path.startsWith("/api/v1/payments") || path.startsWith("/api/v1/payments/public/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof JwtAuthenticationToken token)) {
            chain.doFilter(request, response); // unauthenticated: the security chain answers
            return;
        }
        String key = request.getHeader(HEADER);
        if (key == null || !VALID_KEY.matcher(key).matches()) {
            problem(response, HttpStatus.BAD_REQUEST, "Every POST needs an Idempotency-Key header of 1 to 255 visible ASCII characters (e.g. a UUID).");
            return;
        }
        String principal = token.getToken().getClaimAsString(TenantClaim.NAME) + ":" + token.getToken().getSubject();
        // the body is held in memory for hashing and replay: payment requests are small, anything large is refused
        byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            problem(response, HttpStatus.CONTENT_TOO_LARGE, "The request body is larger than %d bytes.".formatted(MAX_BODY_BYTES));
            return;
        }
        byte[] hash = hash(request, body);

        if (!store.claim(principal, key, hash)) {
            Optional<IdempotencyStore.Entry> existing = store.find(principal, key);
            if (existing.isEmpty()) {
                // cleaned up between our insert and select: rare; the client may simply retry
                problem(response, HttpStatus.CONFLICT, "The request with this Idempotency-Key is being processed; retry shortly.");
                return;
            }
            IdempotencyStore.Entry entry = existing.get();
            if (!MessageDigest.isEqual(entry.requestHash(), hash)) {
                problem(response, HttpStatus.UNPROCESSABLE_CONTENT,
                        "This Idempotency-Key was used for a different request; use a new key for a new request.");
                return;
            }
            if (entry.status() == IdempotencyStore.State.COMPLETED) {
                replay(response, entry);
                return;
            }
            if (!store.takeOver(principal, key, hash, lockTimeout)) {
                problem(response, HttpStatus.CONFLICT,
                        "A request with this Idempotency-Key is still being processed; retry when it has finished.");
                return;
            }
            log.warn("Idempotency-Key of {} was still in progress after {}: taken over", principal, lockTimeout);
        }

        ContentCachingResponseWrapper wrapper = new ContentCachingResponseWrapper(response);
        boolean stored = false;
        try {
            chain.doFilter(new BodyRequest(request, body), wrapper);
            int status = wrapper.getStatus();
            if (status < 500) {
                Map<String, String> headers = new LinkedHashMap<>();
                for (String name : new String[] {HttpHeaders.CONTENT_TYPE, HttpHeaders.LOCATION}) {
                    String value = wrapper.getHeader(name);
                    if (value != null) {
                        headers.put(name, value);
                    }
                }
                store.complete(principal, key, status, headers, wrapper.getContentAsByteArray());
                stored = true;
            }
        } finally {
            if (!stored) {
                store.release(principal, key);
            }
            wrapper.copyBodyToResponse();
        }
    }

    private void replay(HttpServletResponse response, IdempotencyStore.Entry entry) throws IOException {
        response.setStatus(entry.responseStatus());
        entry.headers(json).forEach(response::setHeader);
        response.setHeader(REPLAYED_HEADER, "true");
        byte[] body = entry.responseBody() == null ? new byte[0] : entry.responseBody();
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private void problem(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        ProblemDetail problem = ProblemDetailsAdvice.withContext(ProblemDetail.forStatusAndDetail(status, detail));
        problem.setType(PROBLEM_TYPE);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    private static byte[] hash(HttpServletRequest request, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((request.getMethod() + " " + request.getRequestURI() + "?" + request.getQueryString() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            return digest.digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The request with its body read once and served again to the controller. */
    private static final class BodyRequest extends HttpServletRequestWrapper {

        private final byte[] body;

        BodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
