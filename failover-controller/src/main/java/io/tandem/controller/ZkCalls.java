package io.tandem.controller;

import io.tandem.controller.ownership.Versioned;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/** Wraps Curator calls so checked ZooKeeper exceptions surface with the path and the operation. */
public final class ZkCalls {

    private ZkCalls() {}

    /**
     * Runs {@code call}; a {@link KeeperException} becomes {@link ZkException} naming {@code what};
     * an interrupt is restored and rethrown as {@link ZkException}.
     */
    public static <T> T call(String what, Callable<T> call) {
        try {
            return call.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZkException("interrupted while " + what, e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ZkException("ZooKeeper failed while " + what + ": " + e.getMessage(), e);
        }
    }

    /** The children of {@code path}; empty if the node does not exist (nothing was ever written there). */
    public static List<String> children(CuratorFramework client, String path) {
        try {
            return call("listing " + path, () -> client.getChildren().forPath(path));
        } catch (ZkException e) {
            if (e.is(KeeperException.Code.NONODE)) {
                return List.of();
            }
            throw e;
        }
    }

    /**
     * Creates a persistent node (and its parents) holding {@code value} as JSON.
     *
     * @return false if the node already exists
     */
    public static boolean createJson(CuratorFramework client, String path, Object value) {
        try {
            call("creating " + path, () -> client.create()
                    .creatingParentContainersIfNeeded()
                    .withMode(CreateMode.PERSISTENT)
                    .forPath(path, Json.write(value)));
            return true;
        } catch (ZkException e) {
            if (e.is(KeeperException.Code.NODEEXISTS)) {
                return false;
            }
            throw e;
        }
    }

    /** The JSON record at {@code path} with its node version; empty if the node does not exist. */
    public static <T> Optional<Versioned<T>> readJson(CuratorFramework client, String path, Class<T> type) {
        Stat stat = new Stat();
        try {
            byte[] data = call(
                    "reading " + path,
                    () -> client.getData().storingStatIn(stat).forPath(path));
            return Optional.of(new Versioned<>(Json.read(data, type, path), stat.getVersion()));
        } catch (ZkException e) {
            if (e.is(KeeperException.Code.NONODE)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Thrown when ZooKeeper cannot be reached or refuses an operation; usually retriable. */
    public static final class ZkException extends RuntimeException {
        public ZkException(String message, Throwable cause) {
            super(message, cause);
        }

        /** Whether the cause is a {@link KeeperException} with the given code. */
        public boolean is(KeeperException.Code code) {
            return getCause() instanceof KeeperException k && k.code() == code;
        }
    }
}
