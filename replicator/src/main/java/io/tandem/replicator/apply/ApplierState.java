package io.tandem.replicator.apply;

/** Lifecycle of a {@link SourceApplier}: LATENT → RUNNING → CLOSED, or RUNNING → FAILED. */
public enum ApplierState {
    /** Created, not started. */
    LATENT {
        @Override
        public boolean terminal() {
            return false;
        }
    },
    /** Polling and applying. */
    RUNNING {
        @Override
        public boolean terminal() {
            return false;
        }
    },
    /** Closed by its owner; the stored position is where a restart resumes. */
    CLOSED {
        @Override
        public boolean terminal() {
            return true;
        }
    },
    /** Stopped by an error it could not get past; {@link SourceApplier#failure()} says which. */
    FAILED {
        @Override
        public boolean terminal() {
            return true;
        }
    };

    /** Whether the applier can no longer run (a new one must be created to resume). */
    public abstract boolean terminal();
}
