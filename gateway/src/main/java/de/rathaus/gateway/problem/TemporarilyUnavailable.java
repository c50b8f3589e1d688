package de.rathaus.gateway.problem;

/**
 * Marks an exception that means "the gateway cannot answer right now, try again later": a dependency of the gateway
 * itself (not the routed service) is down. {@link ProblemErrorWebExceptionHandler} answers it with 503 and the
 * exception's own message, which must therefore be fit for the caller. Features implement it on their exceptions,
 * so the problem handling knows no feature.
 */
public interface TemporarilyUnavailable {

    /** What the caller is told, without internal details. */
    String callerMessage();
}
