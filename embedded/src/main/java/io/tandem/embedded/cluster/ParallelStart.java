package io.tandem.embedded.cluster;

import io.tandem.embedded.EmbeddedServer;
import io.tandem.embedded.ServerStartException;
import io.tandem.embedded.zookeeper.ZooKeeperEnsemble;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Starts servers and a ZooKeeper ensemble concurrently, one thread each, and waits for them all. */
final class ParallelStart {
    private static final AtomicInteger THREADS = new AtomicInteger();

    /**
     * @param zooKeeper the started ensemble, or null if it failed
     * @param failure the first failure (later ones suppressed into it), or null if all started
     */
    record Result(ZooKeeperEnsemble zooKeeper, ServerStartException failure) {}

    private ParallelStart() {}

    static Result run(List<EmbeddedServer> servers, int zooKeeperNodes, Path dir) {
        ExecutorService pool = Executors.newFixedThreadPool(servers.size() + 1, task -> {
            Thread t = new Thread(task, "embedded-start-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            Future<ZooKeeperEnsemble> zk = pool.submit(() -> ZooKeeperEnsemble.start("cluster", zooKeeperNodes, dir));
            List<Future<?>> started = new ArrayList<>();
            for (EmbeddedServer server : servers) {
                started.add(pool.submit(server::start));
            }
            ServerStartException failure = null;
            for (int i = 0; i < started.size(); i++) {
                failure = collect(failure, servers.get(i).name(), started.get(i));
            }
            ZooKeeperEnsemble ensemble = null;
            try {
                ensemble = zk.get();
            } catch (ExecutionException e) {
                failure = add(failure, "zookeeper", e.getCause());
            }
            return new Result(ensemble, failure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
            return new Result(null, new ServerStartException("interrupted while starting the local cluster", e));
        } finally {
            pool.shutdown();
        }
    }

    private static ServerStartException collect(ServerStartException failure, String server, Future<?> future)
            throws InterruptedException {
        try {
            future.get();
            return failure;
        } catch (ExecutionException e) {
            return add(failure, server, e.getCause());
        }
    }

    private static ServerStartException add(ServerStartException failure, String server, Throwable cause) {
        ServerStartException next = new ServerStartException(server + " failed to start: " + cause.getMessage(), cause);
        if (failure == null) {
            return next;
        }
        failure.addSuppressed(next);
        return failure;
    }
}
