package io.tandem.controller;

import java.util.concurrent.Callable;
import org.apache.zookeeper.KeeperException;

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
