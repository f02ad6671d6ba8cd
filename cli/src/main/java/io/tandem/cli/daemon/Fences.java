package io.tandem.cli.daemon;

import io.tandem.cli.cluster.ClusterConfig;
import io.tandem.controller.fence.FenceSchema;
import io.tandem.replicator.config.TableSpec;
import javax.sql.DataSource;

/** Installs the write fence for the cluster configuration's owned tables (idempotent). */
final class Fences {
    private Fences() {}

    static void install(DataSource database, String region, ClusterConfig config) {
        FenceSchema schema = new FenceSchema(database);
        schema.bootstrap(region);
        for (TableSpec table : config.tables()) {
            if (table.mode().fenced()) {
                schema.fenceTable(table.name(), table.shardKey().orElseThrow(), config.shards());
                schema.mapShards(table.name(), config::groupOfShard);
            }
        }
    }
}
