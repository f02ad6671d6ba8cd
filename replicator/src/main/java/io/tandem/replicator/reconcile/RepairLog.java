package io.tandem.replicator.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.replicator.apply.StoredVersion;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/** Appends a repair to {@code tandem.repair_log}, in the transaction of the repair's write. */
final class RepairLog {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String SQL = "INSERT INTO tandem.repair_log (table_name, pk, differing_regions, basis,"
            + " decided_source, written_in, deleted, old_versions, new_vv)"
            + " VALUES (?, CAST(? AS jsonb), ?, ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb))";

    private RepairLog() {}

    static void append(Connection connection, String table, RowDecision.Repair repair, String newVersionVector)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(SQL)) {
            insert.setString(1, table);
            insert.setString(2, repair.key());
            insert.setArray(
                    3, connection.createArrayOf("text", repair.differing().toArray()));
            insert.setString(4, repair.basis().label());
            insert.setString(5, repair.basis().describe(repair.sources()));
            insert.setString(6, repair.writeRegion());
            insert.setBoolean(7, repair.decided().tombstone());
            insert.setString(8, versionsJson(repair.before()));
            insert.setString(9, newVersionVector);
            insert.executeUpdate();
        }
    }

    /** {@code {"us-east": {"vv":..,"hlc":..,"origin":..,"meta":..,"deleted":..,"row":{..}}, "eu-west": null}}. */
    static String versionsJson(Map<String, Optional<StoredVersion>> versions) {
        ObjectNode all = JSON.createObjectNode();
        versions.forEach((region, version) ->
                all.set(region, version.map(RepairLog::versionJson).orElse(null)));
        try {
            return JSON.writeValueAsString(all);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot render the old versions for tandem.repair_log", e);
        }
    }

    static ObjectNode versionJson(StoredVersion version) {
        ObjectNode node = JSON.createObjectNode();
        node.set("vv", embed(version.versionVector()));
        node.put("hlc", version.hlc());
        node.put("origin", version.origin());
        node.set("meta", embed(version.meta()));
        node.put("deleted", version.tombstone());
        if (!version.tombstone()) {
            node.set("row", JSON.valueToTree(version.row()));
        }
        return node;
    }

    private static JsonNode embed(String json) {
        if (json == null) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return JSON.getNodeFactory().textNode(json);
        }
    }
}
