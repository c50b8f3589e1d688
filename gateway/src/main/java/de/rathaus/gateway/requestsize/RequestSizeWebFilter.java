package de.rathaus.gateway.requestsize;

import de.rathaus.gateway.problem.ProblemWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Refuses request bodies larger than the limit of their path with 413 problem+json: on the upload paths
 * ({@code rathaus.gateway.upload-paths}, the documents of an application) {@code rathaus.gateway.max-upload-size},
 * everywhere else {@code rathaus.gateway.max-request-size}, so documents reach the service while every other body
 * stays small. A declared {@code Content-Length} above the limit is refused before anything is read or forwarded.
 * A body without a declared length (chunked) is counted while it streams to the service and the exchange fails
 * with 413 as soon as it passes the limit. Spring Cloud Gateway's {@code RequestSize} filter is not used: it answers with an empty body
 * and ignores chunked bodies.
 *
 * <p>Runs right after the security chain, so the answer carries the CORS headers a portal needs to read it.
 */
@Component
public class RequestSizeWebFilter implements WebFilter, Ordered {

    /** After Spring Security's filter chain proxy (-100). */
    public static final int ORDER = -90;

    private final long maxBytes;
    private final long maxUploadBytes;
    private final List<PathPattern> uploadPaths;
    private final ProblemWriter problems;

    public RequestSizeWebFilter(RequestSizeProperties props, ProblemWriter problems) {
        this.maxBytes = props.maxRequestSize().toBytes();
        this.maxUploadBytes = props.maxUploadSize().toBytes();
        this.uploadPaths = props.uploadPaths().stream().map(PathPatternParser.defaultInstance::parse).toList();
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        long limit = limitOf(request);
        long declared = request.getHeaders().getContentLength();
        if (declared > limit) {
            return problems.write(exchange, HttpStatus.CONTENT_TOO_LARGE, tooLarge("of %d bytes ".formatted(declared), limit));
        }
        if (declared >= 0) {
            return chain.filter(exchange); // the server enforces that the body matches the declared length
        }
        return chain.filter(exchange.mutate().request(new CountingRequest(request, limit)).build());
    }

    private long limitOf(ServerHttpRequest request) {
        return uploadPaths.stream().anyMatch(pattern -> pattern.matches(request.getPath().pathWithinApplication()))
                ? maxUploadBytes
                : maxBytes;
    }

    private static String tooLarge(String size, long limit) {
        return "The request body %sexceeds the gateway's limit of %d bytes.".formatted(size, limit);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    /**
     * Ends a streamed body that grew too large; answered as 413 by the error handler. Without a stack trace: it is
     * an expected outcome, and Reactor Netty's client logs the error that aborts the forwarded request.
     */
    static final class BodyTooLargeException extends ResponseStatusException {

        BodyTooLargeException(String reason) {
            super(HttpStatus.CONTENT_TOO_LARGE, reason);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private static final class CountingRequest extends ServerHttpRequestDecorator {

        private final long limit;

        CountingRequest(ServerHttpRequest delegate, long limit) {
            super(delegate);
            this.limit = limit;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            return Flux.defer(() -> {
                AtomicLong total = new AtomicLong();
                return super.getBody().map(buffer -> {
                    if (total.addAndGet(buffer.readableByteCount()) > limit) {
                        DataBufferUtils.release(buffer);
                        throw new BodyTooLargeException(tooLarge("", limit));
                    }
                    return buffer;
                });
            });
        }
    }
}
