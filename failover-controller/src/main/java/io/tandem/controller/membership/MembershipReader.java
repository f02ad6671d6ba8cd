package io.tandem.controller.membership;

import io.tandem.controller.ZkCalls;
import io.tandem.controller.ZkPaths;
import java.util.HashMap;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;

/** Reads the membership nodes as a snapshot. Thread-safe. */
public final class MembershipReader {

    private final CuratorFramework client;
    private final ZkPaths paths;

    public MembershipReader(CuratorFramework client, ZkPaths paths) {
        this.client = client;
        this.paths = paths;
    }

    public MembershipSnapshot snapshot() {
        Map<String, RegionMember> members = new HashMap<>();
        for (String region : ZkCalls.children(client, paths.members())) {
            // a node gone between listing and reading is simply absent
            ZkCalls.readJson(client, paths.member(region), RegionMember.class)
                    .ifPresent(v -> members.put(region, v.value()));
        }
        return new MembershipSnapshot(members);
    }
}
