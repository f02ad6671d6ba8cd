package io.tandem.cli.check;

import io.tandem.controller.Json;
import io.tandem.controller.ZkPaths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;

/**
 * Consistency check requests and answers in ZooKeeper: {@code checks/check-NNNNNNNNNN} holds a
 * {@link ConsistencyCheck}, its children {@code <region>} the {@link RegionDigests}. Requests are
 * persistent sequential nodes, so ids order by time; {@link #prune} keeps the newest.
 */
public final class ConsistencyCheckStore {
    private static final String PREFIX = "check-";

    private final CuratorFramework client;
    private final ZkPaths paths;

    public ConsistencyCheckStore(CuratorFramework client, ZkPaths paths) {
        this.client = client;
        this.paths = paths;
    }

    /** Stores a request and returns its id. */
    public String request(ConsistencyCheck check) {
        return zk(
                "storing a consistency check request",
                () -> ZKPaths.getNodeFromPath(client.create()
                        .creatingParentsIfNeeded()
                        .withMode(CreateMode.PERSISTENT_SEQUENTIAL)
                        .forPath(paths.checks() + "/" + PREFIX, Json.write(check))));
    }

    /** The ids of stored requests, oldest first. */
    public List<String> ids() {
        return zk("listing consistency checks", () -> {
            try {
                List<String> ids = new ArrayList<>(client.getChildren().forPath(paths.checks()));
                ids.removeIf(id -> !id.startsWith(PREFIX));
                ids.sort(Comparator.naturalOrder());
                return ids;
            } catch (KeeperException.NoNodeException e) {
                return List.of();
            }
        });
    }

    public Optional<ConsistencyCheck> read(String id) {
        String path = paths.check(id);
        return zk("reading consistency check " + id, () -> {
            try {
                return Optional.of(Json.read(client.getData().forPath(path), ConsistencyCheck.class, path));
            } catch (KeeperException.NoNodeException e) {
                return Optional.<ConsistencyCheck>empty();
            }
        });
    }

    /** Each region's answer to check {@code id} so far. */
    public Map<String, RegionDigests> answers(String id) {
        return zk("reading the answers to consistency check " + id, () -> readAnswers(id));
    }

    private Map<String, RegionDigests> readAnswers(String id) throws Exception {
        Map<String, RegionDigests> answers = new LinkedHashMap<>();
        List<String> regions;
        try {
            regions = client.getChildren().forPath(paths.check(id));
        } catch (KeeperException.NoNodeException e) {
            return answers;
        }
        for (String region : regions) {
            String path = ZKPaths.makePath(paths.check(id), region);
            try {
                answers.put(region, Json.read(client.getData().forPath(path), RegionDigests.class, path));
            } catch (KeeperException.NoNodeException e) {
                // pruned meanwhile
            }
        }
        return answers;
    }

    /** Stores {@code digests} as its region's answer to check {@code id}; an earlier answer is replaced. */
    public void answer(String id, RegionDigests digests) {
        String path = ZKPaths.makePath(paths.check(id), digests.region());
        zk("answering consistency check " + id, () -> {
            try {
                return client.create().forPath(path, Json.write(digests));
            } catch (KeeperException.NodeExistsException e) {
                return client.setData().forPath(path, Json.write(digests));
            }
        });
    }

    public CheckVerdict verdict(String id, List<String> regions) {
        return CheckVerdict.of(id, regions, answers(id));
    }

    /** The {@code count} newest checks with their verdicts for a cluster of {@code regions}, newest first. */
    public List<CheckSummary> latest(int count, List<String> regions) {
        List<String> ids = ids();
        List<CheckSummary> latest = new ArrayList<>();
        for (int i = ids.size() - 1; i >= 0 && latest.size() < count; i--) {
            String id = ids.get(i);
            Optional<ConsistencyCheck> check = read(id);
            if (check.isPresent()) { // else pruned meanwhile
                latest.add(CheckSummary.of(id, check.get(), verdict(id, regions)));
            }
        }
        return latest;
    }

    /** Deletes all but the {@code keep} newest requests with their answers. */
    public void prune(int keep) {
        List<String> ids = ids();
        for (int i = 0; i < ids.size() - keep; i++) {
            String path = paths.check(ids.get(i));
            zk("pruning consistency check " + ids.get(i), () -> {
                try {
                    client.delete().deletingChildrenIfNeeded().forPath(path);
                } catch (KeeperException.NoNodeException e) {
                    // another daemon pruned it
                }
                return null;
            });
        }
    }

    /** Runs a ZooKeeper call; its checked failure becomes an unchecked one that keeps the cause (e.g. NoAuth). */
    private static <T> T zk(String what, java.util.concurrent.Callable<T> call) {
        try {
            return call.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + what, e);
        } catch (Exception e) {
            throw new IllegalStateException(what + ": " + e.getMessage(), e);
        }
    }
}
