package io.tandem.replicator.apply;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.replicator.config.TableSpec;
import io.tandem.replicator.event.ChangeEvent;
import io.tandem.replicator.event.ChangeOp;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A minimal version-vector resolver for the applier's tests only (the product uses the
 * conflict-resolver library): dominated → skip, dominating → apply, concurrent → the higher (HLC,
 * origin) wins with the vectors merged by element-wise maximum; {@code delete-wins} lets a delete win
 * any concurrent update.
 */
final class TestResolver implements RowResolver {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public Resolution resolve(TableSpec table, StoredVersion current, ChangeEvent incoming) {
        StoredVersion theirs = incoming.op() == ChangeOp.UPSERT
                ? StoredVersion.live(
                        incoming.row(), incoming.versionVector(), incoming.hlc(), incoming.origin(), incoming.meta())
                : StoredVersion.deleted(incoming.versionVector(), incoming.hlc(), incoming.origin(), incoming.meta());
        if (current == null) {
            return new Resolution(ResolutionOutcome.APPLY, theirs, Optional.empty());
        }
        Map<String, Long> local = parse(current.versionVector());
        Map<String, Long> remote = parse(incoming.versionVector());
        if (covers(local, remote)) {
            return new Resolution(ResolutionOutcome.SKIP, current, Optional.empty());
        }
        if (covers(remote, local)) {
            return new Resolution(ResolutionOutcome.APPLY, theirs, Optional.empty());
        }
        boolean incomingWins;
        if (table.policy().equals("delete-wins") && current.tombstone() != theirs.tombstone()) {
            incomingWins = theirs.tombstone();
        } else {
            incomingWins = incoming.hlc() != current.hlc()
                    ? incoming.hlc() > current.hlc()
                    : incoming.origin().compareTo(current.origin()) > 0;
        }
        Map<String, Long> merged = new TreeMap<>(local);
        remote.forEach((region, counter) -> merged.merge(region, counter, Math::max));
        StoredVersion winner = incomingWins ? theirs : current;
        String vv = write(merged);
        StoredVersion result =
                new StoredVersion(winner.row(), winner.tombstone(), vv, winner.hlc(), winner.origin(), winner.meta());
        return new Resolution(
                ResolutionOutcome.MERGE,
                result,
                Optional.of(new ConflictRecord(table.policy(), incomingWins ? "incoming" : "local")));
    }

    private static boolean covers(Map<String, Long> a, Map<String, Long> b) {
        return b.entrySet().stream().allMatch(e -> a.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    private static Map<String, Long> parse(String vv) {
        try {
            return MAPPER.readValue(vv, new TypeReference<Map<String, Long>>() {});
        } catch (Exception e) {
            throw new IllegalArgumentException("version vector is not a JSON object of counters: " + vv, e);
        }
    }

    private static String write(Map<String, Long> vv) {
        try {
            return MAPPER.writeValueAsString(vv);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
