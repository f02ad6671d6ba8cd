package io.tandem.router.client;

/** The router said wait and retry (group DRAINING, owner not live); the message is its reason. Retriable. */
public final class RouteNotReadyException extends RetriableException {

    public RouteNotReadyException(String message) {
        super(message, null);
    }
}
