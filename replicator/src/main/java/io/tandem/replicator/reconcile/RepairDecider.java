package io.tandem.replicator.reconcile;

import io.tandem.replicator.apply.Resolution;
import io.tandem.replicator.apply.RowResolver;
import io.tandem.replicator.apply.StoredVersion;
import io.tandem.replicator.config.TableSpec;
import io.tandem.replicator.event.ChangeEvent;
import io.tandem.replicator.event.ChangeOp;
import io.tandem.replicator.event.SourceTx;
import io.tandem.resolver.vector.Causality;
import io.tandem.resolver.vector.VersionVector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides the repaired version of one row from every region's version of it (a pure function):
 *
 * <ol>
 *   <li>Regions are grouped by their version's metadata (vector, HLC, origin, {@code tandem_meta},
 *       deleted). Inside a group the versions are the same write, so differing values were changed
 *       behind Tandem's back: the values most of the group's regions hold win, a tie needs the
 *       operator's preferred region (else the row is refused, naming the regions).
 *   <li>One group: its version, restored where it is missing ({@link RepairBasis#RESTORE}) or with
 *       the winning values ({@link RepairBasis#MAJORITY}, {@link RepairBasis#PREFERRED}).
 *   <li>Several groups (the regions hold different versions, live or tombstones): the conflict
 *       resolver merges the groups that no other group's vector dominates — the join replication
 *       itself converges to ({@link RepairBasis#JOIN}); a tombstone that dominates re-issues the delete.
 * </ol>
 *
 * <p>The write region is the preferred region if given, else the first region (in the order given)
 * already holding the decided version, else the first holding a live row.
 */
final class RepairDecider {
    private static final SourceTx NO_TX = new SourceTx("repair", 0, 0, true, 0);

    private final TableSpec table;
    private final RowResolver resolver;

    RepairDecider(TableSpec table, RowResolver resolver) {
        this.table = table;
        this.resolver = resolver;
    }

    /**
     * @param key the key as JSON text (for messages and the log)
     * @param keyValues the key, column → JSON scalar
     * @param versions per region, in the operator's order: its version, or empty where it has none
     * @param prefer the region whose values break a tie, and where the repair is written
     */
    RowDecision decide(
            String key,
            Map<String, Object> keyValues,
            Map<String, Optional<StoredVersion>> versions,
            Optional<String> prefer) {
        if (versions.values().stream().noneMatch(v -> v.isPresent() && !v.get().tombstone())) {
            return new RowDecision.Settled(key, versions);
        }
        StoredVersion first = versions.values().iterator().next().orElse(null);
        if (versions.values().stream().allMatch(v -> Versions.same(v.orElse(null), first))) {
            return new RowDecision.Settled(key, versions);
        }
        List<Group> groups = group(versions);
        List<Group> maximal = maximal(groups);
        List<Winner> winners = new ArrayList<>();
        for (Group group : maximal) {
            Winner winner = group.winner(prefer);
            if (winner.refusal() != null) {
                return new RowDecision.Refusal(
                        key, versions, "row " + key + " of " + table.name() + ": " + winner.refusal());
            }
            winners.add(winner);
        }
        StoredVersion decided;
        RepairBasis basis;
        List<String> sources;
        if (groups.size() == 1) {
            Winner winner = winners.get(0);
            decided = winner.version();
            basis = winner.basis();
            sources = winner.regions();
        } else {
            StoredVersion merged = join(keyValues, maximal, winners);
            basis = RepairBasis.JOIN;
            Optional<Winner> held = winners.stream()
                    .filter(w -> Versions.sameWrite(w.version(), merged))
                    .findFirst();
            // a version some region holds keeps that region's values and metadata text as they are
            decided = held.map(Winner::version).orElse(merged);
            sources = held.map(Winner::regions)
                    .orElseGet(() ->
                            maximal.stream().flatMap(g -> g.regions().stream()).toList());
        }
        List<String> differing = new ArrayList<>();
        StoredVersion chosen = decided;
        versions.forEach((region, version) -> {
            if (!Versions.same(version.orElse(null), chosen)) {
                differing.add(region);
            }
        });
        if (differing.isEmpty()) {
            return new RowDecision.Settled(key, versions);
        }
        return new RowDecision.Repair(
                key, keyValues, versions, basis, sources, decided, differing, writeRegion(versions, decided, prefer));
    }

    private static String writeRegion(
            Map<String, Optional<StoredVersion>> versions, StoredVersion decided, Optional<String> prefer) {
        if (prefer.isPresent()) {
            return prefer.get();
        }
        for (var entry : versions.entrySet()) {
            if (Versions.same(entry.getValue().orElse(null), decided)) {
                return entry.getKey();
            }
        }
        for (var entry : versions.entrySet()) {
            if (entry.getValue().isPresent() && !entry.getValue().get().tombstone()) {
                return entry.getKey();
            }
        }
        return versions.keySet().iterator().next();
    }

    /** The resolver's merge of the winners' versions, folded in order (the merge is a join: any order). */
    private StoredVersion join(Map<String, Object> keyValues, List<Group> groups, List<Winner> winners) {
        StoredVersion merged = null;
        for (int i = 0; i < winners.size(); i++) {
            StoredVersion version = winners.get(i).version();
            ChangeEvent event = new ChangeEvent(
                    groups.get(i).regions().get(0),
                    table.name(),
                    version.tombstone() ? ChangeOp.DELETE : ChangeOp.UPSERT,
                    keyValues,
                    version.row(),
                    version.versionVector(),
                    version.hlc(),
                    version.origin(),
                    version.meta(),
                    NO_TX);
            Resolution resolution = resolver.resolve(table, merged, event);
            if (resolution.outcome().writes()) {
                merged = resolution.result();
            }
        }
        return merged;
    }

    private static List<Group> group(Map<String, Optional<StoredVersion>> versions) {
        List<Group> groups = new ArrayList<>();
        versions.forEach((region, version) -> {
            if (version.isEmpty()) {
                return;
            }
            for (Group group : groups) {
                if (Versions.sameMetadata(group.first(), version.get())) {
                    group.members().put(region, version.get());
                    return;
                }
            }
            Group group = new Group(new LinkedHashMap<>());
            group.members().put(region, version.get());
            groups.add(group);
        });
        return groups;
    }

    /** The groups whose vector no other group's vector strictly dominates. */
    private static List<Group> maximal(List<Group> groups) {
        List<Group> maximal = new ArrayList<>();
        for (Group group : groups) {
            VersionVector vv = Versions.vector(group.first());
            boolean dominated = groups.stream()
                    .filter(other -> other != group)
                    .anyMatch(other -> Versions.vector(other.first()).compare(vv) == Causality.AFTER);
            if (!dominated) {
                maximal.add(group);
            }
        }
        return maximal;
    }

    /** Regions holding the same write (equal metadata), possibly with different values. */
    private record Group(LinkedHashMap<String, StoredVersion> members) {
        StoredVersion first() {
            return members.values().iterator().next();
        }

        List<String> regions() {
            return List.copyOf(members.keySet());
        }

        /** The group's version: its values if they agree, else the majority's, else the preferred region's. */
        Winner winner(Optional<String> prefer) {
            Map<Map<String, Object>, List<String>> byValues = new LinkedHashMap<>();
            members.forEach((region, version) -> byValues.computeIfAbsent(version.row(), v -> new ArrayList<>())
                    .add(region));
            if (byValues.size() == 1) {
                return new Winner(first(), RepairBasis.RESTORE, regions(), null);
            }
            int most = byValues.values().stream().mapToInt(List::size).max().orElseThrow();
            List<List<String>> leaders = byValues.values().stream()
                    .filter(regions -> regions.size() == most)
                    .toList();
            if (leaders.size() == 1) {
                List<String> majority = leaders.get(0);
                return new Winner(members.get(majority.get(0)), RepairBasis.MAJORITY, majority, null);
            }
            List<String> tied = leaders.stream().flatMap(List::stream).toList();
            String same = "regions " + String.join(", ", regions()) + " hold different values under the same version "
                    + first().versionVector() + " (changed behind Tandem's back) and no values have a majority";
            if (prefer.isEmpty()) {
                return Winner.refused(same + "; re-run with --prefer REGION naming the region whose values are right"
                        + " (one of " + String.join(", ", tied) + ")");
            }
            if (!tied.contains(prefer.get())) {
                return Winner.refused(same + ", and the preferred region " + prefer.get()
                        + " holds none of the tied values; prefer one of " + String.join(", ", tied));
            }
            return new Winner(members.get(prefer.get()), RepairBasis.PREFERRED, List.of(prefer.get()), null);
        }
    }

    /** A group's decided version, or why there is none. */
    private record Winner(StoredVersion version, RepairBasis basis, List<String> regions, String refusal) {
        static Winner refused(String reason) {
            return new Winner(null, null, List.of(), reason);
        }
    }
}
