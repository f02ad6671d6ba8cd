package io.tandem.chaos.check;

import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.chaos.workload.WriteLog;
import io.tandem.controller.audit.AuditEntry;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * What the checkers look at once the cluster is quiet.
 *
 * @param databases each region's database
 * @param log what the workload saw acknowledged
 * @param registries each region's meters (replication counters), kept across daemon restarts
 * @param audit the controller's audit trail from ZooKeeper, in order
 * @param shipped row changes in each region's topic (heartbeats left out), less the records a
 *     reordered-delivery fault produced there itself
 */
public record CheckContext(
        Map<String, DataSource> databases,
        WriteLog log,
        Map<String, MeterRegistry> registries,
        List<AuditEntry> audit,
        Map<String, Long> shipped) {}
