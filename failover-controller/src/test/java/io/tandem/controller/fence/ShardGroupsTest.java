package io.tandem.controller.fence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one shard-to-group rule shared by the cluster configuration, the fence mapping and the router. */
class ShardGroupsTest {

    @Test
    void shardsAreSplitIntoContiguousEqualRangesInListOrder() {
        List<Integer> groups = new ArrayList<>();
        for (int shard = 0; shard < 8; shard++) {
            groups.add(ShardHash.groupIndex(shard, 8, 2));
        }
        assertEquals(List.of(0, 0, 0, 0, 1, 1, 1, 1), groups);
        assertEquals(2, ShardHash.groupIndex(11, 12, 3));
        assertEquals(0, ShardHash.groupIndex(0, 1, 1));
    }

    @Test
    void everyGroupGetsAShardAndBadArgumentsAreNamed() {
        for (int groups = 1; groups <= 12; groups++) {
            java.util.Set<Integer> used = new java.util.HashSet<>();
            for (int shard = 0; shard < 12; shard++) {
                used.add(ShardHash.groupIndex(shard, 12, groups));
            }
            assertEquals(groups, used.size(), groups + " groups over 12 shards");
        }
        assertThrows(IllegalArgumentException.class, () -> ShardHash.groupIndex(0, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> ShardHash.groupIndex(2, 2, 1));
    }
}
