package io.tandem.replicator.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class FailureKindTest {
    @Test
    void dataAndStatementErrorsArePermanent() {
        for (String state : new String[] {"22P02", "23505", "23514", "42703", "42P01"}) {
            assertEquals(FailureKind.PERMANENT, FailureKind.of(new SQLException("x", state)), state);
        }
        assertEquals(FailureKind.PERMANENT, FailureKind.of(new IllegalArgumentException("bad version vector")));
    }

    @Test
    void connectionLossSerializationAndDeadlockAreRetriable() {
        for (String state : new String[] {"08006", "08003", "40001", "40P01", "57P01", "53300"}) {
            assertEquals(FailureKind.RETRIABLE, FailureKind.of(new SQLException("x", state)), state);
        }
        assertEquals(FailureKind.RETRIABLE, FailureKind.of(new SQLException("no state")));
    }

    @Test
    void batchErrorsAreClassifiedByTheirNextException() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 was aborted", "08000", new int[0]);
        batch.setNextException(new SQLException("duplicate key", "23505"));
        assertEquals(FailureKind.PERMANENT, FailureKind.of(batch));
        assertEquals("SQLSTATE 23505: duplicate key", FailureKind.describe(batch));
    }
}
