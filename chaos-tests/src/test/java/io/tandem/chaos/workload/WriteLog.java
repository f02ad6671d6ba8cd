package io.tandem.chaos.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything the workload learned: acknowledged writes, writes whose outcome is unknown (the commit
 * call failed), rejections by the fence (SQLSTATE TD001) and other failures, per region. Thread-safe.
 */
public final class WriteLog {
    private final List<AckedWrite> acked = new ArrayList<>();
    private final List<AckedWrite> unknown = new ArrayList<>();
    private final AtomicLong seq = new AtomicLong();
    private final Map<String, AtomicLong> rejected = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> failed = new ConcurrentHashMap<>();

    long nextSeq() {
        return seq.incrementAndGet();
    }

    synchronized void acked(AckedWrite w) {
        acked.add(w);
    }

    /** A write whose commit call failed: it may or may not have committed (vv unknown: empty). */
    synchronized void unknown(AckedWrite w) {
        unknown.add(w);
    }

    void reject(String region) {
        rejected.computeIfAbsent(region, r -> new AtomicLong()).incrementAndGet();
    }

    void fail(String region) {
        failed.computeIfAbsent(region, r -> new AtomicLong()).incrementAndGet();
    }

    public synchronized List<AckedWrite> acked() {
        return List.copyOf(acked);
    }

    public synchronized List<AckedWrite> unknown() {
        return List.copyOf(unknown);
    }

    public long rejected(String region) {
        return rejected.getOrDefault(region, new AtomicLong()).get();
    }

    public long failed(String region) {
        return failed.getOrDefault(region, new AtomicLong()).get();
    }

    /** Row changes that may have committed in {@code region}: acknowledged plus unknown outcome. */
    public synchronized long possibleWrites(String region) {
        return acked.stream().filter(w -> w.region().equals(region)).count()
                + unknown.stream().filter(w -> w.region().equals(region)).count();
    }

    public synchronized long ackedIn(String region) {
        return acked.stream().filter(w -> w.region().equals(region)).count();
    }

    /** One line per region: acknowledged, unknown, rejected by the fence, failed. */
    public synchronized String summary(List<String> regions) {
        StringBuilder b = new StringBuilder();
        for (String r : regions) {
            b.append(r)
                    .append(": acked ")
                    .append(ackedIn(r))
                    .append(", unknown ")
                    .append(unknown.stream().filter(w -> w.region().equals(r)).count())
                    .append(", rejected (TD001) ")
                    .append(rejected(r))
                    .append(", failed ")
                    .append(failed(r))
                    .append("; ");
        }
        return b.toString().trim();
    }
}
