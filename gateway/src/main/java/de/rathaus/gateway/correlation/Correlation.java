package de.rathaus.gateway.correlation;

import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.springframework.web.server.ServerWebExchange;

/**
 * Correlation id and W3C trace context of a request passing the gateway. Both are decided once per request by
 * {@link CorrelationWebFilter} and kept as exchange attributes, so that every answer the gateway produces itself
 * (problem details, logs) names the same ids the services see.
 */
public final class Correlation {

    public static final String CORRELATION_ID_HEADER = "X-Correlation-Id";
    public static final String TRACEPARENT_HEADER = "traceparent";
    public static final String TRACESTATE_HEADER = "tracestate";

    static final String CORRELATION_ID_ATTRIBUTE = Correlation.class.getName() + ".correlationId";
    static final String TRACEPARENT_ATTRIBUTE = Correlation.class.getName() + ".traceparent";

    private static final Pattern SAFE_CORRELATION_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern W3C_TRACEPARENT =
            Pattern.compile("00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}");
    private static final HexFormat HEX = HexFormat.of();

    private Correlation() {
    }

    /** The caller's correlation id if it is safe to log and echo, otherwise a new UUID. */
    public static String acceptOrCreateCorrelationId(String candidate) {
        return isSafeCorrelationId(candidate) ? candidate : UUID.randomUUID().toString();
    }

    public static boolean isSafeCorrelationId(String candidate) {
        return candidate != null && SAFE_CORRELATION_ID.matcher(candidate).matches();
    }

    /** A caller's traceparent if it is well-formed W3C trace context (version 00), otherwise a new root context. */
    public static String acceptOrCreateTraceparent(String candidate) {
        return isValidTraceparent(candidate) ? candidate : newTraceparent();
    }

    public static boolean isValidTraceparent(String candidate) {
        return candidate != null && W3C_TRACEPARENT.matcher(candidate).matches();
    }

    /** A new sampled root trace context; trace id and parent id are random and never all zeros. */
    public static String newTraceparent() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        // HexFormat rather than String.format: this runs on every request without a trace context
        return "00-" + HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong() | 1)
                + "-" + HEX.toHexDigits(random.nextLong() | 1) + "-01";
    }

    /** The correlation id of the exchange, or {@code null} before {@link CorrelationWebFilter} ran. */
    public static String correlationId(ServerWebExchange exchange) {
        return exchange.getAttribute(CORRELATION_ID_ATTRIBUTE);
    }

    /** The traceparent forwarded for the exchange, or {@code null} before {@link CorrelationWebFilter} ran. */
    public static String traceparent(ServerWebExchange exchange) {
        return exchange.getAttribute(TRACEPARENT_ATTRIBUTE);
    }
}
