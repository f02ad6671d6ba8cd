package io.tandem.embedded.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.embedded.ServerStartException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerFailedStartTest {
    @TempDir
    Path base;

    @Test
    void aBadSettingFailsTheStartByNameAndLeavesNothingBehind() throws Exception {
        KafkaSettings settings = KafkaSettings.of("bad").withBaseDir(base).withOverride("num.io.threads", "-1");

        ServerStartException e = assertThrows(ServerStartException.class, () -> KafkaBroker.start(settings));

        assertTrue(e.getMessage().startsWith("kafka bad: invalid broker setting"), e.getMessage());
        try (var left = Files.list(base)) {
            assertEquals(0, left.count(), "a failed start must delete the broker's directory");
        }
    }
}
