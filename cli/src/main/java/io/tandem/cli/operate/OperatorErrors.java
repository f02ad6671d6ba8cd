package io.tandem.cli.operate;

import io.tandem.cli.ExitCodes;
import io.tandem.controller.access.AccessDeniedException;
import io.tandem.controller.access.Credential;

/** Turns the errors operator commands expect into one clear line and an exit code. */
public final class OperatorErrors {
    private OperatorErrors() {}

    /** An error that already says what to do, with its exit code. */
    public static final class Known extends RuntimeException {
        private final int exitCode;

        Known(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    /** A refusal's message with what the operator can do about it. */
    static String withHint(AccessDeniedException e) {
        return e.getMessage() + "; authenticate as an identity with role " + e.needed() + " (--credential-file PATH, $"
                + Credential.FILE_VARIABLE + " or $" + Credential.VARIABLE + ")";
    }

    /** The known form of {@code e}, or null when it is unexpected (and should surface as is). */
    public static Known map(Exception e) {
        if (e instanceof Coordination.Unavailable) {
            return new Known(e.getMessage(), ExitCodes.UNAVAILABLE);
        }
        if (e instanceof AccessDeniedException denied) {
            return new Known(withHint(denied), ExitCodes.REFUSED);
        }
        if (e instanceof Topology.UnknownName) {
            return new Known(e.getMessage(), ExitCodes.USAGE);
        }
        if (e instanceof IllegalArgumentException) {
            return new Known(e.getMessage(), ExitCodes.USAGE);
        }
        return null;
    }
}
