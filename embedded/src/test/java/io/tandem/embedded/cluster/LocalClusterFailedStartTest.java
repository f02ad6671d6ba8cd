package io.tandem.embedded.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalClusterFailedStartTest {
    @TempDir
    Path base;

    @Test
    void anInvalidRegionNameFailsBeforeAnyServerRunsAndLeavesNothingBehind() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LocalCluster.builder()
                .regions("us-east", "eu west")
                .baseDir(base)
                .start());

        assertTrue(e.getMessage().contains("'eu west'"), e.getMessage());
        try (var left = Files.list(base)) {
            assertEquals(0, left.count(), "the servers created before the failure must be closed and deleted");
        }
    }
}
