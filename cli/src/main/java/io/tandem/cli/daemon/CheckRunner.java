package io.tandem.cli.daemon;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.cli.check.CheckVerdict;
import io.tandem.cli.check.ConsistencyCheck;
import io.tandem.cli.check.ConsistencyCheckStore;
import io.tandem.cli.check.RegionDigests;
import io.tandem.cli.cluster.ClusterConfig;
import io.tandem.controller.membership.MembershipSnapshot;
import io.tandem.replicator.config.TableSpec;
import io.tandem.replicator.reconcile.TableDigest;
import io.tandem.replicator.region.AppliedProgress;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This daemon's part in cluster-wide consistency checks ({@link io.tandem.cli.check}): it answers each
 * recent request with the digests of the cluster configuration's tables in its own database, once it
 * has applied every peer's changes up to the request's cut (or after {@link #CATCH_UP_LIMIT}, saying
 * so); it logs each verdict once (an ERROR naming the differing tables and the commands that narrow
 * and mend them); and it requests a check when its capture found changes missing. Called from one
 * thread.
 */
final class CheckRunner {
    private static final Logger log = LoggerFactory.getLogger(CheckRunner.class);
    /** How long a region waits for its appliers to reach a check's cut before answering anyway. */
    static final Duration CATCH_UP_LIMIT = Duration.ofSeconds(60);
    /** Requests looked at per poll (the newest), and kept in ZooKeeper. */
    static final int RECENT = 5;

    static final int KEEP = 20;

    private final String region;
    private final ConsistencyCheckStore store;
    private final DataSource database;
    private final Supplier<MembershipSnapshot> members;
    private final Clock clock;
    private final Set<String> answered = new HashSet<>();
    private final Set<String> reported = new HashSet<>();
    private final AtomicInteger differingTables = new AtomicInteger();
    private Object gapSource;
    private int gapsRequested;

    CheckRunner(
            String region,
            ConsistencyCheckStore store,
            DataSource database,
            Supplier<MembershipSnapshot> members,
            Clock clock,
            MeterRegistry registry) {
        this.region = region;
        this.store = store;
        this.database = database;
        this.members = members;
        this.clock = clock;
        Gauge.builder("tandem.consistency.differing.tables", differingTables, AtomicInteger::get)
                .description("Tables that differed between regions in the latest finished consistency check")
                .register(registry);
    }

    /**
     * Requests a check when {@code source} (a replication instance) reports more capture gaps than
     * this runner has already requested checks for.
     */
    void onCaptureGaps(Object source, int gaps) throws Exception {
        if (source != gapSource) {
            gapSource = source;
            gapsRequested = 0;
        }
        if (gaps <= gapsRequested) {
            return;
        }
        gapsRequested = gaps;
        String reason = "capture of " + region + " found changes missing (a replication slot ahead of the"
                + " committed position, or a lost slot): other regions may lack them";
        String id = store.request(ConsistencyCheck.at(reason, "daemon " + region, clock.millis(), members.get()));
        log.error("region {}: CAPTURE GAP; requested consistency check {}", region, id);
        store.prune(KEEP);
    }

    /** Answers the recent requests it can answer now and logs the verdicts that became final. */
    void poll(ClusterConfig config) throws Exception {
        List<String> ids = store.ids();
        List<String> recent = ids.subList(Math.max(0, ids.size() - RECENT), ids.size());
        for (String id : recent) {
            if (!answered.contains(id)) {
                answer(id, config);
            }
        }
        for (String id : recent) {
            if (!reported.contains(id)) {
                report(store.verdict(id, config.regions()));
            }
        }
    }

    private void answer(String id, ClusterConfig config) throws Exception {
        var check = store.read(id);
        if (check.isEmpty() || store.answers(id).containsKey(region)) {
            answered.add(id);
            return;
        }
        List<String> behind = behind(check.get());
        boolean late = clock.millis() - check.get().requestedAtMillis() > CATCH_UP_LIMIT.toMillis();
        if (!behind.isEmpty() && !late) {
            return; // ask again at the next poll
        }
        List<String> problems = new ArrayList<>();
        behind.forEach(b -> problems.add("answered before catching up: " + b));
        Map<String, TableDigest> digests = new LinkedHashMap<>();
        try (Connection c = database.getConnection()) {
            for (TableSpec table : config.tables()) {
                try {
                    digests.put(table.name(), TableDigest.of(c, table));
                } catch (SQLException | IllegalArgumentException e) {
                    problems.add("cannot digest " + table.name() + ": " + e.getMessage());
                }
            }
        }
        store.answer(id, new RegionDigests(region, clock.millis(), digests, problems));
        answered.add(id);
        log.info("region {}: answered consistency check {} ({} tables)", region, id, digests.size());
    }

    /** Peers whose changes this region has not applied up to the check's cut, described. */
    private List<String> behind(ConsistencyCheck check) throws SQLException {
        Map<String, AppliedProgress> applied = AppliedProgress.read(database);
        List<String> behind = new ArrayList<>();
        check.cut().forEach((peer, position) -> {
            if (peer.equals(region) || position <= 0) {
                return;
            }
            AppliedProgress p = applied.get(peer);
            if (p == null || p.position() < position) {
                behind.add(peer + " applied up to " + (p == null ? "nothing" : p.position()) + " < cut " + position);
            }
        });
        return behind;
    }

    private void report(CheckVerdict verdict) {
        if (verdict.state() == CheckVerdict.State.PENDING) {
            return;
        }
        reported.add(verdict.id());
        differingTables.set(verdict.differing().size());
        if (verdict.state() == CheckVerdict.State.CONSISTENT) {
            log.info("region {}: {}", region, verdict.summary());
            return;
        }
        verdict.differing()
                .forEach((table, seen) -> log.error(
                        "region {}: {}: {} differs between regions {}; rows written while the check ran can show"
                                + " here too: list the rows with tandem verify --table {} --db REGION=JDBC_URL ...,"
                                + " mend them with tandem repair",
                        region,
                        verdict.summary(),
                        table,
                        seen,
                        table));
    }
}
