package io.tandem.replicator.event;

/** What a change does to its row. An insert is an upsert of a row that did not exist. */
public enum ChangeOp {
    /** The row's values after the write; the applier inserts or updates. */
    UPSERT {
        @Override
        public boolean carriesRow() {
            return true;
        }
    },
    /** The row was deleted; the applier deletes it and keeps a tombstone. */
    DELETE {
        @Override
        public boolean carriesRow() {
            return false;
        }
    };

    /** Whether an event with this operation must carry the row's column values. */
    public abstract boolean carriesRow();
}
