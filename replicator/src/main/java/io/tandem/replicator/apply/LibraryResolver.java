package io.tandem.replicator.apply;

import io.tandem.replicator.config.PolicyMapping;
import io.tandem.replicator.config.TableSpec;
import io.tandem.replicator.event.ChangeEvent;
import io.tandem.resolver.Outcome;
import io.tandem.resolver.Resolver;
import io.tandem.resolver.policy.ColumnMode;
import io.tandem.resolver.policy.TablePolicy;
import io.tandem.resolver.row.Cell;
import io.tandem.resolver.row.PnCounter;
import io.tandem.resolver.row.RowMeta;
import io.tandem.resolver.row.RowVersion;
import io.tandem.resolver.row.Sibling;
import io.tandem.resolver.row.Stamp;
import io.tandem.resolver.vector.VersionVector;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The applier's {@link RowResolver} backed by the {@code conflict-resolver} library: converts the
 * stored version and the incoming event to the library's {@link RowVersion}s (their {@code
 * tandem_meta} is the library's {@link RowMeta} JSON), calls {@link Resolver#resolve} with the
 * table's {@link TablePolicy} from {@link PolicyMapping}, and converts the result back.
 *
 * <p>A version whose {@code tandem_meta} does not match its metadata columns (vector, deleted flag:
 * the local write that made it did not maintain {@code tandem_meta}) but whose vector covers the
 * metadata's is read as one write by its origin on top of that metadata (the trigger contract:
 * counter columns contribute their difference from the stored total). A version without {@code
 * tandem_meta}, or whose metadata is not covered, is read from its columns as a single write by its
 * origin: its values are the write's image, its counter columns that
 * region's contribution, its column-merge columns cells stamped with the write. Thread-safe.
 */
public final class LibraryResolver implements RowResolver {
    private final Map<String, TablePolicy> policies = new ConcurrentHashMap<>();
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LibraryResolver.class);

    private final Clock clock;
    private final java.util.Set<String> staleMetaReported = ConcurrentHashMap.newKeySet();

    /**
     * @param tables the replicated tables; their policies are checked here, so a bad policy name fails
     *     at startup
     * @param clock time for conflict records
     */
    public LibraryResolver(Collection<TableSpec> tables, Clock clock) {
        this.clock = clock;
        for (TableSpec table : tables) {
            policies.put(table.name(), PolicyMapping.of(table));
        }
    }

    @Override
    public Resolution resolve(TableSpec table, StoredVersion current, ChangeEvent incoming) {
        TablePolicy policy = policies.computeIfAbsent(table.name(), t -> PolicyMapping.of(table));
        Optional<RowVersion> local = current == null
                ? Optional.empty()
                : Optional.of(policy.materialize(meta(
                        policy,
                        current.meta(),
                        current.row(),
                        current.tombstone(),
                        current.versionVector(),
                        current.hlc(),
                        current.origin())));
        RowVersion theirs = policy.materialize(meta(
                policy,
                incoming.meta(),
                incoming.row(),
                !incoming.op().carriesRow(),
                incoming.versionVector(),
                incoming.hlc(),
                incoming.origin()));
        io.tandem.resolver.Resolution resolution = Resolver.resolve(local, theirs, policy, clock.instant());
        ResolutionOutcome outcome = outcome(resolution.outcome());
        StoredVersion result = outcome.writes() ? stored(resolution.row()) : current;
        Optional<ConflictRecord> conflict = resolution
                .conflict()
                .map(record -> new ConflictRecord(record.policy(), winner(record.result(), local, theirs)));
        return new Resolution(outcome, result, conflict);
    }

    /**
     * The highest HLC the incoming version carries, which the region's clock must move past. Called
     * right after {@link #resolve} for the same event, it reuses the metadata resolve parsed.
     */
    @Override
    public long observedHlc(ChangeEvent incoming) {
        if (incoming.meta() == null) {
            return incoming.hlc();
        }
        Parsed last = lastParsed.get();
        RowMeta meta =
                last != null && last.json() == incoming.meta() ? last.meta() : RowMeta.parseJson(incoming.meta());
        return Math.max(incoming.hlc(), meta.maxHlc());
    }

    /** The metadata JSON this thread parsed last, and what it parsed to. */
    private record Parsed(String json, RowMeta meta) {}

    private final ThreadLocal<Parsed> lastParsed = new ThreadLocal<>();

    private static ResolutionOutcome outcome(Outcome outcome) {
        return switch (outcome) {
            case SKIP -> ResolutionOutcome.SKIP;
            case APPLY -> ResolutionOutcome.APPLY;
            case MERGE -> ResolutionOutcome.MERGE;
        };
    }

    private static String winner(RowVersion result, Optional<RowVersion> local, RowVersion incoming) {
        if (result.winner().equals(incoming.winner())) {
            return "incoming";
        }
        if (local.isPresent() && result.winner().equals(local.get().winner())) {
            return "local";
        }
        return "merged";
    }

    private static StoredVersion stored(RowVersion row) {
        String vv = row.vv().toJson();
        String meta = row.meta().toJson();
        return row.deleted()
                ? StoredVersion.deleted(vv, row.hlc(), row.origin(), meta)
                : StoredVersion.live(row.values(), vv, row.hlc(), row.origin(), meta);
    }

    private RowMeta meta(
            TablePolicy policy,
            String metaJson,
            Map<String, Object> row,
            boolean deleted,
            String vvJson,
            long hlc,
            String origin) {
        VersionVector vv = VersionVector.parseJson(vvJson);
        Stamp stamp = new Stamp(hlc, origin);
        if (metaJson != null) {
            RowMeta parsed = RowMeta.parseJson(metaJson);
            lastParsed.set(new Parsed(metaJson, parsed));
            if (parsed.vv().equals(vv) && policy.materialize(parsed).deleted() == deleted) {
                return parsed;
            }
            boolean writtenOnTop = vv.covers(parsed.vv()) && !parsed.siblings().isEmpty();
            if (staleMetaReported.add(policy.name() + "|" + origin)) {
                log.warn(
                        "tandem_meta does not describe the version in the metadata columns (vv {} vs meta vv {}, {});"
                                + " the write that made it did not maintain tandem_meta. {}",
                        vvJson,
                        parsed.vv().toJson(),
                        deleted ? "deleted" : "live",
                        writtenOnTop
                                ? "Reading it as one write by " + origin + " on top of the stored tandem_meta"
                                : "Reading the version from its columns");
            }
            if (writtenOnTop) {
                return writeOnTop(policy, parsed, row, deleted, vv, stamp);
            }
        }
        Map<String, Object> image = new TreeMap<>();
        Map<String, Cell> cells = new TreeMap<>();
        Map<String, PnCounter> counters = new TreeMap<>();
        if (!deleted) {
            row.forEach((column, value) -> {
                switch (policy.modeOf(column)) {
                    case ROW_WINNER -> image.put(column, value);
                    case LATEST_WRITE -> cells.put(column, new Cell(value, stamp));
                    case COUNTER -> counters.put(column, PnCounter.EMPTY.add(origin, counterValue(column, value)));
                }
            });
            policy.columns().forEach((column, mode) -> {
                if (mode == ColumnMode.COUNTER && !counters.containsKey(column)) {
                    counters.put(column, PnCounter.EMPTY);
                }
            });
        }
        return RowMeta.of(List.of(new Sibling(vv, stamp, deleted, image)), cells, counters);
    }

    /**
     * The trigger contract applied as one write on top of stale metadata: the write's image for
     * row-winner columns, new cells for changed column-merge columns, and for counter columns the
     * difference from the stored total as the origin region's contribution.
     */
    private static RowMeta writeOnTop(
            TablePolicy policy,
            RowMeta before,
            Map<String, Object> row,
            boolean deleted,
            VersionVector vv,
            Stamp stamp) {
        RowVersion previous = policy.materialize(before);
        Map<String, Object> image = new TreeMap<>();
        Map<String, Cell> cells = new TreeMap<>(before.cells());
        Map<String, PnCounter> counters = new TreeMap<>(before.counters());
        if (!deleted) {
            row.forEach((column, value) -> {
                switch (policy.modeOf(column)) {
                    case ROW_WINNER -> image.put(column, value);
                    case LATEST_WRITE -> {
                        if (!java.util.Objects.equals(
                                io.tandem.resolver.codec.JsonValues.canonical(column, value),
                                previous.values().get(column))) {
                            cells.put(column, new Cell(value, stamp));
                        }
                    }
                    case COUNTER -> {
                        long delta = counterValue(column, value) - before.counterValue(column);
                        if (delta != 0) {
                            counters.put(
                                    column,
                                    counters.getOrDefault(column, PnCounter.EMPTY)
                                            .add(stamp.origin(), delta));
                        }
                    }
                }
            });
        }
        return RowMeta.of(List.of(new Sibling(vv, stamp, deleted, image)), cells, counters);
    }

    private static long counterValue(String column, Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof Number number) {
            return new BigDecimal(number.toString()).longValueExact();
        }
        throw new IllegalArgumentException(
                "counter column " + column + " holds " + value + ", not an integer; counters must be integral");
    }
}
