package io.tandem.cli.operate;

import io.tandem.cli.ExitCodes;

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

    /** The known form of {@code e}, or null when it is unexpected (and should surface as is). */
    public static Known map(Exception e) {
        if (e instanceof Coordination.Unavailable) {
            return new Known(e.getMessage(), ExitCodes.UNAVAILABLE);
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
