package io.tandem.chaos.harness;

import io.tandem.controller.fence.ShardHash;
import io.tandem.replicator.config.TableMode;
import io.tandem.replicator.config.TableSpec;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The fixed shape of every chaos run: three regions, the two replicated tables the workload writes
 * and the shard groups of the owned one. Group {@code orders-i} starts owned by region i.
 */
public final class Topology {
    public static final List<String> REGIONS = List.of("us-east", "eu-west", "ap-south");
    public static final String DATABASE = "tandem";
    public static final String CLUSTER = "chaos";
    public static final int SHARDS = 6;
    public static final List<String> GROUPS = List.of("orders-0", "orders-1", "orders-2");

    /** Owned: each row belongs to a shard group by its customer; only the group's owner may write it. */
    public static final TableSpec ORDERS =
            new TableSpec("public.orders", List.of("id"), TableMode.OWNED, "lww", Set.of(), Optional.of("customer"));

    /** Multi-writer with a counter column: concurrent increments add up. */
    public static final TableSpec CARTS = new TableSpec(
            "public.carts", List.of("id"), TableMode.MULTI_WRITER, "lww", Set.of("qty"), Optional.empty());

    public static final List<TableSpec> TABLES = List.of(ORDERS, CARTS);

    static final String[] DDL = {
        "CREATE TABLE IF NOT EXISTS public.orders (id bigint PRIMARY KEY, customer text NOT NULL, amount bigint,"
                + " note text)",
        "CREATE TABLE IF NOT EXISTS public.carts (id bigint PRIMARY KEY, label text, qty bigint NOT NULL DEFAULT 0)"
    };

    private Topology() {}

    /** The cluster configuration the daemons read from ZooKeeper ({@code tandem config set} format). */
    public static String clusterYaml() {
        StringBuilder yaml = new StringBuilder("regions: [" + String.join(", ", REGIONS) + "]\n");
        yaml.append("shards: ").append(SHARDS).append("\ngroups:\n");
        for (int i = 0; i < GROUPS.size(); i++) {
            yaml.append("  - {name: ")
                    .append(GROUPS.get(i))
                    .append(", owner: ")
                    .append(REGIONS.get(i))
                    .append("}\n");
        }
        yaml.append("tables:\n");
        yaml.append("  - {name: public.orders, key: [id], mode: owned, shard-key: customer, policy: lww}\n");
        yaml.append("  - {name: public.carts, key: [id], mode: multi-writer, policy: lww, counters: [qty]}\n");
        return yaml.toString();
    }

    /** The shard group a customer's orders belong to (the same hash as the database's tandem.shard_of). */
    public static String groupOf(String customer) {
        return groupOfShard(ShardHash.shardOf(customer, SHARDS));
    }

    static String groupOfShard(int shard) {
        return GROUPS.get(ShardHash.groupIndex(shard, SHARDS, GROUPS.size())); // the cluster configuration's rule
    }

    public static List<String> peersOf(String region) {
        return REGIONS.stream().filter(r -> !r.equals(region)).toList();
    }
}
