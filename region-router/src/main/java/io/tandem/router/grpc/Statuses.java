package io.tandem.router.grpc;

import io.grpc.Status;
import io.tandem.router.limit.RateLimitedException;
import io.tandem.router.route.BadRequestException;
import io.tandem.router.route.NoRouteException;

/** The gRPC status for each way a route request can fail. */
final class Statuses {

    private Statuses() {}

    static Status of(RuntimeException e) {
        if (e instanceof BadRequestException) {
            return Status.INVALID_ARGUMENT.withDescription(e.getMessage());
        }
        if (e instanceof RateLimitedException) {
            return Status.RESOURCE_EXHAUSTED.withDescription(e.getMessage());
        }
        if (e instanceof NoRouteException) {
            return Status.UNAVAILABLE.withDescription(e.getMessage());
        }
        return Status.INTERNAL.withDescription("router failed: " + e).withCause(e);
    }
}
