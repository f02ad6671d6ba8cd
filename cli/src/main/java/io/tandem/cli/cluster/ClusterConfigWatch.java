package io.tandem.cli.cluster;

import io.tandem.cli.config.ConfigException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the cluster configuration node and hands every new valid version to a listener, on the
 * cache's thread. An invalid document (which {@code tandem config set} never writes, but a hand edit
 * could) is logged with its problems and ignored: the daemon keeps running on the last valid one.
 * {@link #close()} is idempotent.
 */
public final class ClusterConfigWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterConfigWatch.class);

    private final CuratorCache cache;
    private final AtomicReference<ClusterConfig> current = new AtomicReference<>();
    private final String path;

    public ClusterConfigWatch(CuratorFramework client, String path, Consumer<ClusterConfig> listener) {
        this.path = path;
        this.cache = CuratorCache.build(client, path, CuratorCache.Options.SINGLE_NODE_CACHE);
        cache.listenable().addListener((type, oldData, data) -> onChange(data, listener));
    }

    public void start() {
        cache.start();
    }

    /** The last valid configuration seen, if any. */
    public Optional<ClusterConfig> current() {
        return Optional.ofNullable(current.get());
    }

    private void onChange(ChildData data, Consumer<ClusterConfig> listener) {
        if (data == null || data.getData() == null || !data.getPath().equals(path)) {
            return;
        }
        ClusterConfig next;
        try {
            next = ClusterConfigStore.decode(data.getData());
        } catch (ConfigException e) {
            log.error(
                    "cluster configuration at {} (node version {}) is invalid and is ignored; keeping the last"
                            + " valid one. Fix it with `tandem config set`:\n{}",
                    path,
                    data.getStat().getVersion(),
                    e.getMessage());
            return;
        }
        ClusterConfig previous = current.getAndSet(next);
        if (next.equals(previous)) {
            return;
        }
        log.info("cluster configuration version {} at {}", data.getStat().getVersion(), path);
        try {
            listener.accept(next);
        } catch (RuntimeException e) {
            log.error(
                    "applying cluster configuration version {} failed",
                    data.getStat().getVersion(),
                    e);
        }
    }

    @Override
    public void close() {
        cache.close();
    }
}
