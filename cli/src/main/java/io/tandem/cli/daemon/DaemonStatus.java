package io.tandem.cli.daemon;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.cli.check.CheckSummary;
import io.tandem.cli.check.ConsistencyCheckStore;
import io.tandem.cli.cluster.ClusterConfig;
import io.tandem.cli.daemon.status.StatusSnapshot;
import io.tandem.controller.audit.AuditEntry;
import io.tandem.controller.audit.AuditTrail;
import io.tandem.controller.membership.MembershipReader;
import io.tandem.controller.membership.MembershipSnapshot;
import io.tandem.controller.ownership.OwnershipStore;
import io.tandem.controller.ownership.Versioned;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the {@link StatusSnapshot} behind a daemon's status page from ZooKeeper (members, owners,
 * leader, audit trail, consistency checks), its metrics (lag, applied, conflicts per link) and its database (recent
 * conflicts). A part that cannot be read is left empty and the page still answers.
 */
final class DaemonStatus {
    private static final Logger log = LoggerFactory.getLogger(DaemonStatus.class);
    private static final int RECENT = 10;
    /** Consistency checks shown. */
    private static final int CHECKS = 3;

    private final RegionDaemon daemon;
    private final MeterRegistry registry;

    DaemonStatus(RegionDaemon daemon, MeterRegistry registry) {
        this.daemon = daemon;
        this.registry = registry;
    }

    StatusSnapshot snapshot() {
        List<StatusSnapshot.RegionRow> regions = new ArrayList<>();
        List<StatusSnapshot.GroupRow> groups = new ArrayList<>();
        List<StatusSnapshot.TransitionRow> transitions = new ArrayList<>();
        List<CheckSummary> checks = new ArrayList<>();
        String coordination = "DISCONNECTED";
        String leader = "";
        CuratorFramework zk = daemon.zooKeeper().orElse(null);
        if (zk != null && zk.getZookeeperClient().isConnected()) {
            coordination = "CONNECTED";
            try {
                MembershipSnapshot members = new MembershipReader(zk, daemon.paths()).snapshot();
                TreeSet<String> known = new TreeSet<>(members.members().keySet());
                daemon.clusterConfig().ifPresent(c -> known.addAll(c.regions()));
                for (String region : known) {
                    var member = members.get(region);
                    regions.add(new StatusSnapshot.RegionRow(
                            region,
                            member.map(m -> m.health().name()).orElse("UNREACHABLE"),
                            member.isPresent(),
                            member.map(m -> m.selfFenced()).orElse(false)));
                }
                new OwnershipStore(zk, daemon.paths())
                        .snapshot().sorted().values().stream()
                                .map(Versioned::value)
                                .forEach(o -> groups.add(new StatusSnapshot.GroupRow(
                                        o.group(),
                                        o.owner(),
                                        o.epoch(),
                                        o.state().name())));
                List<AuditEntry> audit = new AuditTrail(zk, daemon.paths()).readLatest(RECENT);
                for (int i = audit.size() - 1; i >= 0 && transitions.size() < RECENT; i--) {
                    AuditEntry e = audit.get(i);
                    transitions.add(new StatusSnapshot.TransitionRow(
                            Instant.ofEpochMilli(e.at()), e.group(), e.transition(), e.decision()));
                }
                leader = leader(zk);
                checks.addAll(new ConsistencyCheckStore(zk, daemon.paths())
                        .latest(
                                CHECKS,
                                daemon.clusterConfig()
                                        .map(ClusterConfig::regions)
                                        .orElseGet(() -> List.copyOf(known))));
            } catch (RuntimeException e) {
                log.warn("status: cannot read the cluster from ZooKeeper: {}", e.toString());
            }
        }
        return new StatusSnapshot(
                daemon.cluster(),
                daemon.region(),
                Instant.now(),
                coordination,
                leader,
                regions,
                groups,
                links(),
                conflicts(),
                transitions,
                checks);
    }

    private String leader(CuratorFramework zk) {
        try {
            List<String> latch = zk.getChildren().forPath(daemon.paths().leader());
            return latch.stream()
                    .min(Comparator.comparing(n -> n.substring(n.lastIndexOf('-') + 1)))
                    .map(n -> {
                        try {
                            String id = new String(
                                    zk.getData().forPath(daemon.paths().leader() + "/" + n),
                                    java.nio.charset.StandardCharsets.UTF_8);
                            return id.contains("/") ? id.substring(0, id.indexOf('/')) : id;
                        } catch (Exception e) {
                            return "";
                        }
                    })
                    .orElse("");
        } catch (Exception e) {
            return "";
        }
    }

    private List<StatusSnapshot.LinkRow> links() {
        List<StatusSnapshot.LinkRow> links = new ArrayList<>();
        daemon.clusterConfig().ifPresent(config -> {
            for (String source : config.regions()) {
                if (source.equals(daemon.region())) {
                    continue;
                }
                Gauge lag = registry.find("tandem.apply.lag")
                        .tags("source_region", source)
                        .gauge();
                double lagMs = lag == null ? Double.NaN : lag.value();
                boolean paused = daemon.replication()
                        .flatMap(r -> r.replication().applier(source))
                        .map(a -> !a.pausedTables().isEmpty())
                        .orElse(false);
                links.add(new StatusSnapshot.LinkRow(
                        source,
                        daemon.region(),
                        Double.isNaN(lagMs) ? -1 : Math.round(lagMs),
                        sum("tandem.apply.applied", source),
                        sum("tandem.apply.conflicts", source),
                        paused));
            }
        });
        return links;
    }

    private long sum(String counter, String source) {
        return Math.round(registry.find(counter).tags("source_region", source).counters().stream()
                .mapToDouble(Counter::count)
                .sum());
    }

    private List<StatusSnapshot.ConflictRow> conflicts() {
        List<StatusSnapshot.ConflictRow> rows = new ArrayList<>();
        try (Connection c = daemon.database().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT resolved_at, table_name, pk::text, policy, winner"
                        + " FROM tandem.conflict_log ORDER BY id DESC LIMIT " + RECENT)) {
            while (rs.next()) {
                rows.add(new StatusSnapshot.ConflictRow(
                        rs.getTimestamp(1).toInstant(),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5)));
            }
        } catch (SQLException e) {
            log.debug("status: cannot read tandem.conflict_log: {}", e.toString());
        }
        return rows;
    }
}
