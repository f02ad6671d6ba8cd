package io.tandem.router;

/** How a route request ended, as counted in metrics. */
public enum Outcome {
    /** Answered with a usable route. */
    OK,
    /** Answered, but the caller must wait and retry (group DRAINING, owner not live). */
    RETRY_LATER,
    /** Refused: the request was invalid. */
    BAD_REQUEST,
    /** Refused: the group has no owner yet. */
    NO_ROUTE,
    /** Refused: the caller exceeded its rate limit. */
    RATE_LIMITED,
    /** Failed inside the router: a bug; logged with its stack trace. */
    ERROR;

    /** The tag value. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
