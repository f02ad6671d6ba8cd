package io.tandem.cli.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.cli.config.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterConfigCodecTest {
    static final String VALID = """
            regions: [us-east, eu-west]
            shards: 4
            groups:
              - {name: g-us, owner: us-east}
            tables:
              - {name: public.orders, key: [id], mode: owned, shard-key: customer}
              - {name: public.carts, key: [id], policy: column-merge, counters: [items]}
            """;

    @Test
    void roundTripsThroughItsJsonForm() {
        ClusterConfig config = ClusterConfigCodec.parse(VALID, "cluster.yaml");
        assertEquals(config, ClusterConfigCodec.parse(ClusterConfigCodec.toJson(config), "json"));
        assertEquals("g-us", config.groupOfShard(3));
    }

    @Test
    void everyProblemNamesItsPlaceInTheDocument() {
        String bad = VALID.replace("policy: column-merge", "polcy: column-merge")
                .replace("mode: owned", "mode: owend")
                .replace("shards: 4", "shards: four");
        ConfigException e = assertThrows(ConfigException.class, () -> ClusterConfigCodec.parse(bad, "cluster.yaml"));
        List<String> keys =
                e.problems().stream().map(ConfigException.Problem::key).toList();
        assertTrue(keys.contains("tables[1].polcy"), keys.toString());
        assertTrue(keys.contains("tables[0]"), keys.toString());
        assertTrue(keys.contains("shards"), keys.toString());
        assertTrue(e.getMessage().contains("cluster.yaml"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown table mode 'owend'"), e.getMessage());
    }

    @Test
    void anUnknownPolicyOrOwnerIsRefusedBeforeItIsStored() {
        ConfigException policy = assertThrows(
                ConfigException.class,
                () -> ClusterConfigCodec.parse(VALID.replace("column-merge", "newest"), "cluster.yaml"));
        assertTrue(policy.getMessage().contains("unknown conflict policy 'newest'"), policy.getMessage());
        ConfigException owner = assertThrows(
                ConfigException.class,
                () -> ClusterConfigCodec.parse(VALID.replace("owner: us-east", "owner: mars"), "cluster.yaml"));
        assertTrue(owner.getMessage().contains("unknown region 'mars'"), owner.getMessage());
    }

    @Test
    void aRunningClusterMayAddTablesAndChangePoliciesButNotMoveRows() {
        ClusterConfig current = ClusterConfigCodec.parse(VALID, "a");
        ClusterConfig added = ClusterConfigCodec.parse(
                VALID.replace("column-merge", "lww") + "  - {name: public.notes, key: [id]}\n", "b");
        assertEquals(List.of(), current.whyNotReplaceableBy(added));
        ClusterConfig reshard = ClusterConfigCodec.parse(VALID.replace("shards: 4", "shards: 8"), "c");
        assertTrue(current.whyNotReplaceableBy(reshard).get(0).startsWith("shards:"));
        ClusterConfig dropped = ClusterConfigCodec.parse(
                VALID.replace("  - {name: public.carts, key: [id], policy: column-merge, counters: [items]}\n", ""),
                "d");
        assertTrue(current.whyNotReplaceableBy(dropped).get(0).contains("cannot be removed"));
    }
}
