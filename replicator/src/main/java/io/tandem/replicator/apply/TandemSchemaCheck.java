package io.tandem.replicator.apply;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks, before an applier starts, that the target database has the Tandem objects apply writes to.
 * Without this, a missing {@code tandem.conflict_log} would look like a bad change and send good
 * changes to the dead-letter table.
 */
final class TandemSchemaCheck {
    private static final List<String> RELATIONS = List.of(
            "tandem.tombstones",
            "tandem.conflict_log",
            "tandem.dead_letter",
            "tandem.apply_position",
            "tandem.parked_changes",
            "tandem.heartbeat");

    private TandemSchemaCheck() {}

    /** @throws IllegalStateException naming what is missing and that {@code tandem init} creates it */
    static void verify(Connection connection) throws SQLException {
        List<String> missing = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            for (String relation : RELATIONS) {
                statement.setString(1, relation);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        missing.add(relation);
                    }
                }
            }
        }
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT to_regprocedure('tandem.hlc_observe(bigint)') IS NOT NULL")) {
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    missing.add("function tandem.hlc_observe(bigint)");
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the target database lacks Tandem's schema objects " + missing
                    + "; run `tandem init` for this region before starting the applier");
        }
    }
}
