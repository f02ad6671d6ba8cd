package io.tandem.router.client;

/**
 * The application's call failed in a way that is not a region failure or a fence (for instance a
 * constraint violation); not retried. The cause is the application's exception.
 */
public final class CallFailedException extends RuntimeException {

    public CallFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
