package io.tandem.router.client;

/** A failure that a later attempt may not see: the client's Retry retries exactly these. */
public abstract class RetriableException extends RuntimeException {

    protected RetriableException(String message, Throwable cause) {
        super(message, cause);
    }
}
