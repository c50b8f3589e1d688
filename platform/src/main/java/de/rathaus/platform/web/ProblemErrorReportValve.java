package de.rathaus.platform.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's error report as problem+json. Tomcat renders an error itself when no filter or servlet did: above all
 * for requests it refuses before any filter or Spring MVC runs (an encoded slash, NUL or dot segment above the
 * root in the path, invalid percent-encoding, headers beyond {@code server.max-http-request-header-size}). Its own
 * valve answers those with an HTML page; this one answers like every other error of the service, with a fixed
 * {@code detail} (Tomcat's reason may quote the request) and the request's correlation id, which it also echoes.
 * It replaces the host's {@link ErrorReportValve} ({@link Installer}).
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorReportValve.class);

    private final JsonMapper json;

    public ProblemErrorReportValve(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // like Tomcat's own valves: only an error nobody has written a body for, reported once, while I/O is possible
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        String correlationId = CorrelationFilter.correlationIdOf(request, response);
        log.debug("{} refused by the container (correlation id {}): {}", status, correlationId,
                throwable != null ? throwable.toString() : response.getMessage());
        // Tomcat reports a request head it could not read (e.g. headers beyond the limit) as 400 with the parse error
        String detail = status == 400 && throwable != null ? UNREADABLE_HEAD : detail(status);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), detail);
        problem.setProperty("correlationId", correlationId);
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            response.setHeader(RequestContext.CORRELATION_ID_HEADER, correlationId);
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(json.writeValueAsString(problem));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            log.debug("The error report could not be written (correlation id {})", correlationId, e);
        }
    }

    static final String UNREADABLE_HEAD = "The request line or headers could not be read: they are malformed or the"
            + " headers are larger than the service accepts.";

    /** What the caller is told about an error status the container answers with; fixed texts that quote nothing. */
    static String detail(int status) {
        return switch (status) {
            case 400 -> "The request was refused before it reached the service: its URL is not valid here, for"
                    + " example an encoded slash, a NUL character, a dot segment above the root or invalid"
                    + " percent-encoding.";
            case 404 -> "No resource matches the request.";
            case 408 -> "The request did not arrive in time.";
            case 413 -> "The request body is too large.";
            case 414 -> "The request URI is too long.";
            case 431 -> "The request header fields are too large.";
            case 505 -> "The HTTP version is not supported.";
            default -> status >= 500
                    ? "An unexpected error occurred. Quote the correlation id when reporting it."
                    : "The request was refused before it reached the service.";
        };
    }

    /**
     * Puts the valve in place of every error report valve of the host. Runs after Boot's customizer, which adds
     * Tomcat's HTML valve.
     */
    public static final class Installer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        private final JsonMapper json;

        public Installer(JsonMapper json) {
            this.json = json;
        }

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                StandardHost host = (StandardHost) context.getParent();
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                host.getPipeline().addValve(new ProblemErrorReportValve(json));
                // at start the host adds a valve of this class unless it finds one
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
