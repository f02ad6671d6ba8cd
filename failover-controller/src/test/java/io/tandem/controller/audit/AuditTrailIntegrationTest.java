package io.tandem.controller.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.controller.ZkPaths;
import io.tandem.controller.support.Zk;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AuditTrailIntegrationTest {

    @RegisterExtension
    final Zk zk = Zk.perTest();

    @Test
    void entriesComeBackInAppendOrderWithIncreasingSequence() {
        AuditTrail trail = new AuditTrail(zk.client(), ZkPaths.forCluster("test"));
        for (int i = 0; i < 12; i++) {
            trail.append(
                    AuditEntry.of(Instant.ofEpochMilli(1_000 + i), "us-east/1", "orders", "t" + i, "no action: " + i));
        }
        List<AuditEntry> entries = trail.read();
        assertEquals(12, entries.size());
        for (int i = 0; i < 12; i++) {
            assertEquals("t" + i, entries.get(i).transition());
            assertEquals(1_000 + i, entries.get(i).at());
            assertTrue(i == 0 || entries.get(i).sequence() > entries.get(i - 1).sequence());
        }
    }
}
