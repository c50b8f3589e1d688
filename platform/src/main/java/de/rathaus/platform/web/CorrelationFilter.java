package de.rathaus.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Takes the correlation id and W3C {@code traceparent} the gateway forwards (or creates them for direct calls),
 * exposes them to logs and recorded events, and echoes the correlation id in the response.
 */
public class CorrelationFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String correlationId = RequestContext.acceptOrCreateCorrelationId(request.getHeader(RequestContext.CORRELATION_ID_HEADER));
        response.setHeader(RequestContext.CORRELATION_ID_HEADER, correlationId);
        try (RequestContext.Scope scope = RequestContext.open(correlationId, request.getHeader(RequestContext.TRACEPARENT_HEADER))) {
            chain.doFilter(request, response);
        }
    }

    /**
     * The correlation id of a request whose error is rendered outside this filter (by the container, or on the error
     * dispatch after the filter's scope was closed): the one this filter answered with, else the caller's if it is
     * safe, else a new one.
     */
    static String correlationIdOf(HttpServletRequest request, HttpServletResponse response) {
        String answered = response.getHeader(RequestContext.CORRELATION_ID_HEADER);
        return answered != null ? answered
                : RequestContext.acceptOrCreateCorrelationId(request.getHeader(RequestContext.CORRELATION_ID_HEADER));
    }
}
