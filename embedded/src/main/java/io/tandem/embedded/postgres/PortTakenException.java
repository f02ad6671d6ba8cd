package io.tandem.embedded.postgres;

/** The chosen port was taken by someone else before PostgreSQL bound it; the start is retried. */
final class PortTakenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PortTakenException(String message, Throwable cause) {
        super(message, cause);
    }
}
