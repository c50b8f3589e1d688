package de.rathaus.platform.events;

import de.rathaus.platform.web.ConflictException;
import de.rathaus.platform.web.InvalidInputException;
import jakarta.validation.ValidationException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.RetriableException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.util.backoff.ExponentialBackOff;
import tools.jackson.core.JacksonException;

/**
 * What a consumer does with a record its listener failed on, by the kind of failure:
 * <ul>
 *   <li><b>transient</b> ({@link #isTransient}): the database or the broker is unreachable, a connection broke, a
 *       lock or a query timed out. The record is fine and the failure passes by itself, so it is retried with
 *       exponential backoff for as long as it fails, and the partition waits (keeping the order of its records). A
 *       saga step is never lost to a database outage. {@link ConsumerRetries} reports such a consumer meanwhile.</li>
 *   <li><b>poison</b> ({@link #POISON}, and what Spring Kafka treats so: records that are no CloudEvent, payloads
 *       that cannot be converted): the record itself is wrong and no retry can help. It goes to the dead-letter
 *       topic at once, from where an operator can redrive it once the cause is fixed ({@link DeadLetters}).</li>
 *   <li>anything else (a bug, an unexpected state): retried {@code attempts} times, then dead-lettered.</li>
 * </ul>
 */
public final class ConsumerFailures {

    /** The record is wrong: unreadable or invalid payload, a rule of the domain refuses it, a constraint is violated. */
    static final List<Class<? extends Exception>> POISON = List.of(JacksonException.class, IllegalArgumentException.class,
            InvalidInputException.class, ConflictException.class, ValidationException.class,
            DataIntegrityViolationException.class);

    /** SQL states of failures that pass: connection (08), resources (53), operator intervention (57P), rollback (40). */
    private static final List<String> TRANSIENT_SQL_STATES = List.of("08", "53", "57P", "40");

    private ConsumerFailures() {
    }

    /** Whether the failure, or one of its causes, is one that passes by itself. */
    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
                    || t instanceof DataAccessResourceFailureException || t instanceof CannotCreateTransactionException
                    || t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof ConnectException || t instanceof SocketTimeoutException
                    || t instanceof TimeoutException || t instanceof RetriableException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && TRANSIENT_SQL_STATES.stream().anyMatch(sql.getSQLState()::startsWith)) {
                return true;
            }
        }
        return false;
    }

    /** The listener containers' error handler: retries and dead-lettering by the kind of failure. */
    static DefaultErrorHandler errorHandler(ConsumerRecordRecoverer deadLetters, ConsumerRetryProperties props,
                                            RetryListener listener) {
        ExponentialBackOff other = backOff(props);
        other.setMaxAttempts(props.attempts());
        DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, other);
        ExponentialBackOff untilItPasses = backOff(props);
        handler.setBackOffFunction((record, failure) -> isTransient(failure) ? untilItPasses : null);
        // a record that failed transiently and then fails otherwise (or the other way round) starts afresh
        handler.setResetStateOnExceptionChange(true);
        POISON.forEach(handler::addNotRetryableExceptions);
        handler.setRetryListeners(listener);
        return handler;
    }

    private static ExponentialBackOff backOff(ConsumerRetryProperties props) {
        ExponentialBackOff backOff = new ExponentialBackOff(props.initialInterval().toMillis(), 2.0);
        backOff.setMaxInterval(props.maxInterval().toMillis());
        return backOff;
    }
}
