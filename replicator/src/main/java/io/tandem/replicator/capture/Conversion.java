package io.tandem.replicator.capture;

/** The outcome of converting one Debezium data record: a change to ship, or a drop with its reason. */
public sealed interface Conversion {
    /** The schema-qualified table the record belongs to. */
    String table();

    record Ship(CapturedChange change) implements Conversion {
        @Override
        public String table() {
            return change.table();
        }
    }

    record Drop(String table, DropReason reason) implements Conversion {}
}
