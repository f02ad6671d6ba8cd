package io.tandem.router.client;

/** The router did not answer (unreachable, overloaded, rate-limited, group without owner yet). Retriable. */
public final class RouterUnavailableException extends RetriableException {

    public RouterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
