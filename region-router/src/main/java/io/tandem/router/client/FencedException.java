package io.tandem.router.client;

/**
 * The database refused the write with SQLSTATE TD001: the region does not own the group (any more)
 * at the epoch the client used. The client has dropped its cached routes for the group; retriable.
 */
public final class FencedException extends RetriableException {

    public FencedException(String message, Throwable cause) {
        super(message, cause);
    }
}
