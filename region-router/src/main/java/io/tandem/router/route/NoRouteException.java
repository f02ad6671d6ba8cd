package io.tandem.router.route;

/**
 * The request is valid but the router cannot answer yet (the group has no ownership record).
 * Retriable; gRPC maps it to UNAVAILABLE, HTTP to 503.
 */
public final class NoRouteException extends RuntimeException {

    public NoRouteException(String message) {
        super(message);
    }
}
