package io.tandem.controller.access;

import io.tandem.controller.Json;
import io.tandem.controller.ZkCalls;
import io.tandem.controller.ZkPaths;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;

/**
 * The ACL every node of one cluster is created with, from the node's {@link NodeKind} and the
 * cluster's {@link Roster}. Given to Curator as its ACL provider, so parents created on the way
 * get theirs too. Nodes outside the cluster root (e.g. {@code /tandem}) stay open so that other
 * clusters can share the ensemble. Thread-safe.
 */
public final class ClusterAcls implements ACLProvider {

    private final ZkPaths paths;
    private final AtomicReference<Roster> roster;

    public ClusterAcls(ZkPaths paths, Roster roster) {
        this.paths = paths;
        this.roster = new AtomicReference<>(roster);
    }

    /** For a client that does not know the roster yet; see {@link #load(CuratorFramework)}. */
    public static ClusterAcls unknown(ZkPaths paths) {
        return new ClusterAcls(paths, Roster.open());
    }

    public ZkPaths paths() {
        return paths;
    }

    public Roster roster() {
        return roster.get();
    }

    /**
     * Reads the cluster's roster from its {@code access} node and uses it from now on. An absent
     * node means access is open; a node this client may not read leaves the roster open, and the
     * client's reads will be refused anyway.
     *
     * @return the roster now in use
     * @throws IllegalStateException naming the node when its content is not a roster
     */
    public Roster load(CuratorFramework client) {
        try {
            byte[] data = ZkCalls.call(
                    "reading " + paths.access(), () -> client.getData().forPath(paths.access()));
            Roster read = Json.read(data, Roster.class, paths.access());
            roster.set(read);
            return read;
        } catch (ZkCalls.ZkException e) {
            if (e.is(KeeperException.Code.NONODE) || e.is(KeeperException.Code.NOAUTH)) {
                return roster.get();
            }
            throw e;
        }
    }

    /** Uses {@code next} from now on (the daemon, which is configured with it). */
    public void use(Roster next) {
        roster.set(next);
    }

    @Override
    public List<ACL> getDefaultAcl() {
        return ZooDefs.Ids.OPEN_ACL_UNSAFE;
    }

    @Override
    public List<ACL> getAclForPath(String path) {
        return NodeKind.of(paths, path).map(roster.get()::aclFor).orElse(ZooDefs.Ids.OPEN_ACL_UNSAFE);
    }
}
