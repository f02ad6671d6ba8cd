package io.tandem.embedded.cluster;

import io.tandem.embedded.Directories;
import java.nio.file.Path;
import java.util.List;

/** Closes many servers, every one even when some fail, then deletes their common directory. */
final class Closer {
    private Closer() {}

    /** Closes all, then throws the first failure with the others suppressed, if any. */
    static void closeAll(List<? extends AutoCloseable> closeables, Path dir) {
        RuntimeException failure = null;
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                RuntimeException wrapped =
                        e instanceof RuntimeException re ? re : new IllegalStateException("closing " + c, e);
                if (failure == null) {
                    failure = wrapped;
                } else {
                    failure.addSuppressed(wrapped);
                }
            }
        }
        try {
            Directories.deleteRecursively(dir);
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Closes all after a failed start, adding any close failure to {@code cause} as suppressed. */
    static void closeAllAfterFailure(List<? extends AutoCloseable> closeables, Path dir, Throwable cause) {
        try {
            closeAll(closeables, dir);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
