package io.tandem.controller.access;

import io.tandem.controller.Json;
import io.tandem.controller.ZkCalls;
import io.tandem.controller.ZkPaths;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a cluster's roster into force (the daemon does this at start, as role {@link Role#DAEMON}):
 * creates the cluster root and its fixed children as persistent nodes with their ACLs, stores the
 * roster in the {@code access} node, and sets the ACL of every node already there (so an open
 * cluster becomes a secured one). Idempotent; with an open roster it changes nothing.
 */
public final class ClusterAccess {

    private static final Logger log = LoggerFactory.getLogger(ClusterAccess.class);
    /** Most nodes one pass re-labels (the audit trail grows; this bounds the walk). */
    static final int MAX_NODES = 1_000_000;

    private ClusterAccess() {}

    /**
     * @param client started, authenticated as an identity the roster lists as {@link Role#DAEMON}
     *     (or, on an open cluster, any client)
     * @return the number of existing nodes whose ACL was set
     * @throws AccessDeniedException when the client may not change the ACLs (it is not the daemon)
     */
    public static int secure(CuratorFramework client, ClusterAcls acls) {
        Roster roster = acls.roster();
        if (roster.isOpen()) {
            return 0;
        }
        ZkPaths paths = acls.paths();
        return AccessDeniedException.requiring(
                Role.DAEMON, "securing " + paths.root(), java.util.Optional.empty(), () -> {
                    ensure(client, paths.root(), null);
                    ensure(client, paths.access(), Json.write(roster));
                    for (String child : List.of(
                            paths.members(), paths.leader(), paths.ownership(), paths.intents(), paths.audit())) {
                        ensure(client, child, null);
                    }
                    ZkCalls.call("storing the roster in " + paths.access(), () -> client.setData()
                            .forPath(paths.access(), Json.write(roster)));
                    int relabelled = relabel(client, acls, paths.root());
                    log.info("access control in force under {}: {} node(s) labelled", paths.root(), relabelled);
                    return relabelled;
                });
    }

    private static void ensure(CuratorFramework client, String path, byte[] data) {
        try {
            ZkCalls.call("creating " + path, () -> client.create()
                    .creatingParentsIfNeeded()
                    .withMode(CreateMode.PERSISTENT)
                    .forPath(path, data == null ? new byte[0] : data));
        } catch (ZkCalls.ZkException e) {
            if (!e.is(KeeperException.Code.NODEEXISTS)) {
                throw e;
            }
        }
    }

    private static int relabel(CuratorFramework client, ClusterAcls acls, String root) {
        Deque<String> todo = new ArrayDeque<>(List.of(root));
        int count = 0;
        while (!todo.isEmpty() && count < MAX_NODES) {
            String path = todo.pop();
            try {
                ZkCalls.call(
                        "setting the ACL of " + path,
                        () -> client.setACL().withACL(acls.getAclForPath(path)).forPath(path));
                count++;
                for (String child : ZkCalls.children(client, path)) {
                    todo.push(path + "/" + child);
                }
            } catch (ZkCalls.ZkException e) {
                if (!e.is(KeeperException.Code.NONODE)) { // an ephemeral node may vanish meanwhile
                    throw e;
                }
            }
        }
        return count;
    }
}
