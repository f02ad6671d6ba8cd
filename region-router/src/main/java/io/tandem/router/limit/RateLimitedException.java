package io.tandem.router.limit;

/** The caller exceeded its rate limit; gRPC maps it to RESOURCE_EXHAUSTED, HTTP to 429. Retriable later. */
public final class RateLimitedException extends RuntimeException {

    public RateLimitedException(String message) {
        super(message);
    }
}
