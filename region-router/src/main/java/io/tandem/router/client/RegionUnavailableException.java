package io.tandem.router.client;

/** Every candidate region for the call failed or had its circuit breaker open. Retriable. */
public final class RegionUnavailableException extends RetriableException {

    public RegionUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
