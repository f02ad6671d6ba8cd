package io.tandem.controller.membership;

import io.tandem.controller.Json;
import io.tandem.controller.ZkCalls;
import io.tandem.controller.ZkPaths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;

/** Reads the membership nodes as a snapshot. Thread-safe. */
public final class MembershipReader {

    private final CuratorFramework client;
    private final ZkPaths paths;

    public MembershipReader(CuratorFramework client, ZkPaths paths) {
        this.client = client;
        this.paths = paths;
    }

    public MembershipSnapshot snapshot() {
        List<String> regions;
        try {
            regions = ZkCalls.call(
                    "listing " + paths.members(), () -> client.getChildren().forPath(paths.members()));
        } catch (ZkCalls.ZkException e) {
            if (e.is(KeeperException.Code.NONODE)) {
                return new MembershipSnapshot(Map.of());
            }
            throw e;
        }
        Map<String, RegionMember> members = new HashMap<>();
        for (String region : regions) {
            String path = paths.member(region);
            try {
                byte[] data =
                        ZkCalls.call("reading " + path, () -> client.getData().forPath(path));
                members.put(region, Json.read(data, RegionMember.class, path));
            } catch (ZkCalls.ZkException e) {
                if (!e.is(KeeperException.Code.NONODE)) { // gone between list and read: absent
                    throw e;
                }
            }
        }
        return new MembershipSnapshot(members);
    }
}
