package io.tandem.controller;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.tandem.controller.ownership.Ownership;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The controller's metrics, with fixed tag names: {@code group}, {@code region} (and {@code outcome}
 * for switchovers). Thread-safe.
 *
 * <ul>
 *   <li>{@code tandem.controller.leader{region}}: 1 while this daemon's controller is leader
 *   <li>{@code tandem.ownership.epoch{group}}: the group's current epoch (published by the leader)
 *   <li>{@code tandem.ownership.owner{group,region}}: 1 for the group's owner region, 0 for regions that owned it before
 *   <li>{@code tandem.switchover.duration{group,region,outcome}}: request to end, target region
 *   <li>{@code tandem.switchover.write.pause{group,region}}: owner fenced to target writable
 *   <li>{@code tandem.failover.count{group,region}} and {@code tandem.failover.duration{group,region}}:
 *       unplanned moves to the region, timed from the owner's disappearance
 * </ul>
 */
public final class ControllerMetrics {

    private final MeterRegistry registry;
    private final AtomicLong leader = new AtomicLong();
    private final Map<String, AtomicLong> epochs = new ConcurrentHashMap<>();
    private final Map<String, Map<String, AtomicLong>> owners = new ConcurrentHashMap<>(); // group -> region

    public ControllerMetrics(MeterRegistry registry, String region) {
        this.registry = registry;
        Gauge.builder("tandem.controller.leader", leader, AtomicLong::get)
                .description("1 while this region's controller participant is the leader")
                .tags("region", region)
                .register(registry);
    }

    public void leader(boolean isLeader) {
        leader.set(isLeader ? 1 : 0);
    }

    /** Publishes a group's current owner and epoch. */
    public void ownership(Ownership o) {
        epochs.computeIfAbsent(o.group(), g -> {
                    AtomicLong v = new AtomicLong();
                    Gauge.builder("tandem.ownership.epoch", v, AtomicLong::get)
                            .description("current ownership epoch of the shard group")
                            .tags("group", g)
                            .register(registry);
                    return v;
                })
                .set(o.epoch());
        Map<String, AtomicLong> byRegion = owners.computeIfAbsent(o.group(), g -> new ConcurrentHashMap<>());
        byRegion.computeIfAbsent(o.owner(), region -> {
            AtomicLong v = new AtomicLong();
            Gauge.builder("tandem.ownership.owner", v, AtomicLong::get)
                    .description("1 if the region owns the shard group")
                    .tags(Tags.of("group", o.group(), "region", region))
                    .register(registry);
            return v;
        });
        byRegion.forEach((region, v) -> v.set(region.equals(o.owner()) ? 1 : 0));
    }

    public void switchover(String group, String target, String outcome, Duration total, Duration writePause) {
        Timer.builder("tandem.switchover.duration")
                .description("planned switchover, request to end")
                .tags("group", group, "region", target, "outcome", outcome)
                .register(registry)
                .record(total);
        Timer.builder("tandem.switchover.write.pause")
                .description("planned switchover, owner fenced until the group was writable again")
                .tags("group", group, "region", target)
                .register(registry)
                .record(writePause);
    }

    public void failover(String group, String newOwner, Duration sinceOwnerMissing) {
        Counter.builder("tandem.failover.count")
                .description("unplanned failovers of the shard group to the region")
                .tags("group", group, "region", newOwner)
                .register(registry)
                .increment();
        Timer.builder("tandem.failover.duration")
                .description("unplanned failover, owner's membership node gone until the group moved")
                .tags("group", group, "region", newOwner)
                .register(registry)
                .record(sinceOwnerMissing);
    }
}
