package io.tandem.replicator.schema;

import io.tandem.replicator.config.PolicyMapping;
import io.tandem.replicator.config.TableSpec;
import io.tandem.resolver.policy.ColumnMode;
import io.tandem.resolver.policy.TablePolicy;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a table's triggers need to know, passed as their one argument in JSON:
 * {@code {"pk":["id"],"default":"row_winner","counters":["stock"]}}. {@code default} is how a column
 * that is not a counter is resolved: {@code latest_write} for the {@code column-merge} policy (each
 * column takes the latest write that changed it), {@code row_winner} otherwise. It is read off the
 * same {@link PolicyMapping} the applier resolves with, so triggers and applier cannot disagree.
 */
record TriggerConfig(List<String> primaryKey, boolean latestWriteByDefault, List<String> counters) {
    static TriggerConfig of(TableSpec spec) {
        TablePolicy policy = PolicyMapping.of(spec);
        return new TriggerConfig(
                spec.primaryKey(),
                policy.defaultMode() == ColumnMode.LATEST_WRITE,
                policy.columns().entrySet().stream()
                        .filter(e -> e.getValue() == ColumnMode.COUNTER)
                        .map(java.util.Map.Entry::getKey)
                        .sorted()
                        .toList());
    }

    String json() {
        return "{\"pk\":" + array(primaryKey) + ",\"default\":\""
                + (latestWriteByDefault ? "latest_write" : "row_winner") + "\",\"counters\":" + array(counters) + "}";
    }

    private static String array(List<String> names) {
        return names.stream()
                .map(n -> "\"" + n.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(",", "[", "]"));
    }
}
