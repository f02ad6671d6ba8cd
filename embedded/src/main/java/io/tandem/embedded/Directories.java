package io.tandem.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Creates and deletes the directories embedded servers keep their data in. */
public final class Directories {
    private Directories() {}

    /** A new directory {@code prefix-<random>} under {@code base}, or under the temp dir if base is null. */
    public static Path createUnder(Path base, String prefix) {
        try {
            if (base == null) {
                return Files.createTempDirectory(prefix + "-");
            }
            Files.createDirectories(base);
            return Files.createTempDirectory(base, prefix + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "could not create a directory for " + prefix + " under " + (base == null ? "the temp dir" : base)
                            + ": check that it is writable",
                    e);
        }
    }

    /**
     * Deletes {@code dir} and everything below it; does nothing if it does not exist. A server that
     * is still flushing may add a file while we walk, so the walk is retried, at most three times.
     */
    public static void deleteRecursively(Path dir) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                deleteOnce(dir);
                return;
            } catch (UncheckedIOException e) {
                last = e;
            }
        }
        throw last;
    }

    private static void deleteOnce(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + dir + " to delete it", e);
        }
        for (Path path : paths) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                throw new UncheckedIOException("could not delete " + path + ": is a server still using it?", e);
            }
        }
    }
}
