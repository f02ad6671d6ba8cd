package io.tandem.resolver.simulation;

import io.tandem.resolver.ConflictRecord;
import io.tandem.resolver.LocalWrite;
import io.tandem.resolver.LocalWrites;
import io.tandem.resolver.Resolution;
import io.tandem.resolver.policy.ColumnMode;
import io.tandem.resolver.policy.TablePolicy;
import io.tandem.resolver.row.RowVersion;
import io.tandem.resolver.row.Sibling;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A seeded simulation of several regions writing the same few rows concurrently. Each region writes on
 * top of its own current state (so causality is real), stamps with its own skewed HLC, and sends every
 * version to every other region; delivery is in random order, with duplicates, with batches coalesced
 * before they are applied, and with regions forwarding their merged state. At the end everything is
 * delivered and {@link Oracle} checks the invariants.
 */
final class Simulation {

    static final String COUNTER = "stock";
    static final List<String> PLAIN_COLUMNS = List.of("name", "price", "status");
    static final String[] REGION_IDS = {"ap-south", "eu-west", "us-east", "us-west", "sa-east"};

    final long seed;
    final TablePolicy policy;
    final Merge merge;
    final SplittableRandom random;
    final List<Region> regions = new ArrayList<>();
    final List<String> rowKeys = new ArrayList<>();
    final List<SimWrite> writes = new ArrayList<>();
    final List<ConflictRecord> conflicts = new ArrayList<>();
    final List<Message> inFlight = new ArrayList<>();
    /** Every version any region held or sent, per row: material for the algebraic checks. */
    final Map<String, List<RowVersion>> history = new TreeMap<>();

    private long globalMillis = 1_764_070_560_000L;
    private int resolutions;

    Simulation(long seed, TablePolicy policy, Merge merge) {
        this.seed = seed;
        this.policy = policy;
        this.merge = merge;
        this.random = new SplittableRandom(seed);
        int regionCount = 3 + random.nextInt(3);
        for (int i = 0; i < regionCount; i++) {
            long skew = random.nextLong(-40, 41);
            regions.add(new Region(REGION_IDS[i], () -> globalMillis + skew));
        }
        int rows = 1 + random.nextInt(3);
        for (int i = 0; i < rows; i++) {
            rowKeys.add("row-" + i);
        }
    }

    /** Runs the writes and the deliveries, then delivers everything still in flight. */
    Simulation run() {
        int steps = 8 + random.nextInt(25);
        for (int i = 0; i < steps; i++) {
            globalMillis += random.nextInt(3);
            int action = random.nextInt(10);
            if (action < 5 || inFlight.isEmpty()) {
                write(regions.get(random.nextInt(regions.size())), rowKeys.get(random.nextInt(rowKeys.size())));
            } else if (action < 9) {
                deliverOne();
            } else {
                forward();
            }
        }
        while (!inFlight.isEmpty()) {
            globalMillis += random.nextInt(2);
            deliverOne();
        }
        return this;
    }

    int resolutions() {
        return resolutions;
    }

    private void write(Region region, String key) {
        Optional<RowVersion> current = Optional.ofNullable(region.rows.get(key));
        boolean live = current.isPresent() && !current.get().deleted();
        Map<String, Object> visible = live ? current.get().values() : Map.of();
        long hlc = region.clock.now();
        long counterBefore = current.map(v -> v.meta().counterValue(COUNTER)).orElse(0L);
        LocalWrite write;
        long delta = 0;
        TreeMap<String, Object> set = new TreeMap<>();
        int kind = random.nextInt(100);
        if (!live) {
            for (String column : PLAIN_COLUMNS) {
                set.put(column, randomValue(column));
            }
            long initial = random.nextInt(21);
            set.put(COUNTER, initial);
            delta = initial - counterBefore;
            write = LocalWrite.upsert(region.id, hlc, set);
        } else if (kind < 45) {
            int n = 1 + random.nextInt(2);
            for (int i = 0; i < n; i++) {
                String column = PLAIN_COLUMNS.get(random.nextInt(PLAIN_COLUMNS.size()));
                set.put(column, randomValue(column));
            }
            write = LocalWrite.upsert(region.id, hlc, set);
        } else if (kind < 75) {
            delta = random.nextBoolean() ? -(1 + random.nextInt(5)) : 1 + random.nextInt(5);
            write = LocalWrite.increment(region.id, hlc, COUNTER, delta);
        } else {
            write = LocalWrite.delete(region.id, hlc);
        }
        RowVersion next = LocalWrites.apply(current, write, policy);
        region.rows.put(key, next);
        history.computeIfAbsent(key, k -> new ArrayList<>()).add(next);
        Sibling own = next.meta().siblings().get(0);
        TreeMap<String, Object> changed = new TreeMap<>();
        if (!write.delete()) {
            set.forEach((column, value) -> {
                if (policy.modeOf(column) == ColumnMode.LATEST_WRITE
                        && (!live || !visible.containsKey(column) || !Objects.equals(visible.get(column), value))) {
                    changed.put(column, value);
                }
            });
        }
        writes.add(new SimWrite(key, next.vv(), own.stamp(), write.delete(), own.values(), changed, delta));
        for (int t = 0; t < regions.size(); t++) {
            if (regions.get(t) != region) {
                inFlight.add(new Message(t, key, next));
                if (random.nextInt(10) == 0) {
                    inFlight.add(new Message(t, key, next)); // duplicate delivery
                }
            }
        }
    }

    private Object randomValue(String column) {
        return switch (column) {
            case "price" -> BigDecimal.valueOf(random.nextInt(1000), 2);
            case "status" ->
                random.nextInt(8) == 0
                        ? null
                        : List.of("open", "paid", "shipped").get(random.nextInt(3));
            default -> "n" + random.nextInt(6);
        };
    }

    /** Delivers one random message, sometimes coalescing it with other messages for the same row first. */
    private void deliverOne() {
        Message m = inFlight.remove(random.nextInt(inFlight.size()));
        Region target = regions.get(m.target());
        RowVersion incoming = m.version();
        if (random.nextInt(5) == 0) {
            for (int i = inFlight.size() - 1; i >= 0 && random.nextInt(3) > 0; i--) {
                Message other = inFlight.get(i);
                if (other.target() == m.target() && other.row().equals(m.row())) {
                    inFlight.remove(i);
                    incoming = apply(m.row(), Optional.of(incoming), other.version())
                            .row();
                }
            }
        }
        Resolution r = apply(m.row(), Optional.ofNullable(target.rows.get(m.row())), incoming);
        target.rows.put(m.row(), r.row());
        target.clock.update(incoming.meta().maxHlc());
    }

    /** A region sends its current (merged) state of a row to another region. */
    private void forward() {
        Region from = regions.get(random.nextInt(regions.size()));
        String key = rowKeys.get(random.nextInt(rowKeys.size()));
        RowVersion state = from.rows.get(key);
        if (state != null) {
            int target = random.nextInt(regions.size());
            if (regions.get(target) != from) {
                inFlight.add(new Message(target, key, state));
            }
        }
    }

    private Resolution apply(String key, Optional<RowVersion> local, RowVersion incoming) {
        resolutions++;
        Resolution r = merge.resolve(local, incoming, policy, Instant.ofEpochMilli(globalMillis));
        r.conflict().ifPresent(conflicts::add);
        history.computeIfAbsent(key, k -> new ArrayList<>()).add(r.row());
        return r;
    }
}
