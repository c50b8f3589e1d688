package de.rathaus.platform.web;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Correlation id and W3C trace context of the work the current thread does (an HTTP request or a consumed
 * event), kept in the logging MDC so that every log line and every recorded event carries them.
 */
public final class RequestContext {

    public static final String CORRELATION_ID_HEADER = "X-Correlation-Id";
    public static final String TRACEPARENT_HEADER = "traceparent";
    static final String CORRELATION_ID = "correlationId";
    static final String TRACEPARENT = "traceparent";

    private static final Pattern SAFE_CORRELATION_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern W3C_TRACEPARENT = Pattern.compile("00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}");

    private RequestContext() {
    }

    public static String correlationId() {
        return MDC.get(CORRELATION_ID);
    }

    public static String traceparent() {
        return MDC.get(TRACEPARENT);
    }

    /** A caller's correlation id if it is safe to log and echo, otherwise a new one. */
    public static String acceptOrCreateCorrelationId(String candidate) {
        return candidate != null && SAFE_CORRELATION_ID.matcher(candidate).matches() ? candidate : UUID.randomUUID().toString();
    }

    /** A caller's traceparent if it is well-formed W3C trace context (version 00), otherwise a new root context. */
    public static String acceptOrCreateTraceparent(String candidate) {
        if (candidate != null && W3C_TRACEPARENT.matcher(candidate).matches()) {
            return candidate;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format("00-%016x%016x-%016x-01", random.nextLong(), random.nextLong() | 1, random.nextLong() | 1);
    }

    /**
     * Makes the given context (new ids where absent or malformed) current until the returned scope is closed,
     * which restores the previous one.
     */
    public static Scope open(String correlationId, String traceparent) {
        String previousCorrelation = MDC.get(CORRELATION_ID);
        String previousTrace = MDC.get(TRACEPARENT);
        MDC.put(CORRELATION_ID, acceptOrCreateCorrelationId(correlationId));
        MDC.put(TRACEPARENT, acceptOrCreateTraceparent(traceparent));
        return () -> {
            restore(CORRELATION_ID, previousCorrelation);
            restore(TRACEPARENT, previousTrace);
        };
    }

    /** A current context; closing it restores the previous one. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
