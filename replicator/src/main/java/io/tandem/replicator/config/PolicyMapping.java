package io.tandem.replicator.config;

import io.tandem.resolver.policy.ColumnMode;
import io.tandem.resolver.policy.DeleteMode;
import io.tandem.resolver.policy.TablePolicy;
import java.util.Arrays;
import java.util.List;

/**
 * The one place where a table's configured policy name becomes the conflict resolver's {@link
 * TablePolicy}: {@code lww} (default), {@code region-priority:<r1>,<r2>,...}, {@code column-merge},
 * {@code delete-wins}, {@code update-wins}, {@code custom:<class name>}; each counter column is
 * resolved as a {@link ColumnMode#COUNTER}. Every region must map a table to the same policy.
 */
public final class PolicyMapping {
    private PolicyMapping() {}

    /**
     * @throws IllegalArgumentException naming the table and the accepted spellings when the policy is
     *     unknown (or a custom class cannot be loaded)
     */
    public static TablePolicy of(TableSpec table) {
        TablePolicy policy = base(table);
        for (String counter : table.counterColumns()) {
            policy = policy.withColumn(counter, ColumnMode.COUNTER);
        }
        return policy;
    }

    private static TablePolicy base(TableSpec table) {
        String name = table.policy();
        if (name.startsWith("region-priority:")) {
            List<String> regions = Arrays.stream(
                            name.substring("region-priority:".length()).split(","))
                    .map(String::trim)
                    .filter(r -> !r.isEmpty())
                    .toList();
            if (regions.isEmpty()) {
                throw new IllegalArgumentException("table " + table.name() + ": policy '" + name
                        + "' lists no regions; write region-priority:<highest>,<next>,...");
            }
            return TablePolicy.regionPriority(regions);
        }
        if (name.startsWith("custom:")) {
            return TablePolicy.custom(name.substring("custom:".length()).trim());
        }
        return switch (name) {
            case "lww" -> TablePolicy.lastWriterWins();
            case "column-merge" -> TablePolicy.columnMerge();
            case "delete-wins" -> TablePolicy.lastWriterWins().withDeletes(DeleteMode.DELETE_WINS);
            case "update-wins" -> TablePolicy.lastWriterWins().withDeletes(DeleteMode.UPDATE_WINS);
            default ->
                throw new IllegalArgumentException("table " + table.name() + ": unknown conflict policy '"
                        + name + "'; expected lww, region-priority:<r1>,<r2>,..., column-merge, delete-wins,"
                        + " update-wins or custom:<class name>");
        };
    }
}
