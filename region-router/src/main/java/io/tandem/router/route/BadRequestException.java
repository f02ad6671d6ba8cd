package io.tandem.router.route;

/**
 * The request is invalid and asking again will not help: it names the field, what was expected
 * and what was given. gRPC maps it to INVALID_ARGUMENT, HTTP to 400.
 */
public final class BadRequestException extends IllegalArgumentException {

    private final String field;

    public BadRequestException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The request field at fault, e.g. {@code key} or {@code client_region}. */
    public String field() {
        return field;
    }
}
