package io.tandem.controller.audit;

import io.tandem.controller.Json;
import io.tandem.controller.ZkCalls;
import io.tandem.controller.ZkPaths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;

/**
 * The append-only audit trail: one persistent sequential node per transition under
 * {@code <root>/audit}. Nothing in Tandem updates or deletes these nodes. Thread-safe.
 */
public final class AuditTrail {

    private final CuratorFramework client;
    private final ZkPaths paths;

    public AuditTrail(CuratorFramework client, ZkPaths paths) {
        this.client = client;
        this.paths = paths;
    }

    /** Appends {@code entry}; returns its sequence number. */
    public long append(AuditEntry entry) {
        String created = ZkCalls.call("appending to " + paths.audit(), () -> client.create()
                .creatingParentContainersIfNeeded()
                .withMode(CreateMode.PERSISTENT_SEQUENTIAL)
                .forPath(paths.auditEntryPrefix(), Json.write(entry)));
        return sequenceOf(created);
    }

    /** Every entry in append order. */
    public List<AuditEntry> read() {
        return readLatest(Integer.MAX_VALUE);
    }

    /** The latest {@code count} entries in append order, reading only those nodes. */
    public List<AuditEntry> readLatest(int count) {
        List<String> children = new ArrayList<>(ZkCalls.children(client, paths.audit()));
        children.sort(Comparator.comparingLong(AuditTrail::sequenceOf));
        List<AuditEntry> entries = new ArrayList<>();
        for (String child : children.subList(Math.max(0, children.size() - count), children.size())) {
            ZkCalls.readJson(client, paths.audit() + "/" + child, AuditEntry.class)
                    .ifPresent(v -> entries.add(v.value().withSequence(sequenceOf(child))));
        }
        entries.sort(Comparator.comparingLong(AuditEntry::sequence));
        return entries;
    }

    private static long sequenceOf(String path) {
        return Long.parseLong(path.substring(path.length() - 10));
    }
}
