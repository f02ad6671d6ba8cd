package io.tandem.cli.daemon.status;

import io.tandem.cli.check.CheckSummary;
import java.time.Instant;
import java.util.List;

/** Status snapshots for tests: what a daemon in us-east would report. */
final class Snapshots {
    private Snapshots() {}

    static StatusSnapshot usEast(long epoch, long lagMillis) {
        Instant now = Instant.parse("2026-11-25T12:00:00Z");
        return new StatusSnapshot(
                "demo",
                "us-east",
                now,
                "CONNECTED",
                "eu-west",
                List.of(
                        new StatusSnapshot.RegionRow("us-east", "HEALTHY", true, false),
                        new StatusSnapshot.RegionRow("eu-west", "HEALTHY", true, false),
                        new StatusSnapshot.RegionRow("ap-south", "UNHEALTHY", false, true)),
                List.of(
                        new StatusSnapshot.GroupRow("orders-a", "us-east", epoch, "ACTIVE"),
                        new StatusSnapshot.GroupRow("orders-b", "eu-west", 3, "DRAINING")),
                List.of(new StatusSnapshot.LinkRow("eu-west", "us-east", lagMillis, 1200, 4, false)),
                List.of(new StatusSnapshot.ConflictRow(
                        now.minusSeconds(5), "public.carts", "{\"id\":7}", "last-writer-wins", "eu-west")),
                List.of(new StatusSnapshot.TransitionRow(
                        now.minusSeconds(60), "orders-a", "HANDING_OVER -> DONE", "switchover to us-east done")),
                List.of(
                        new CheckSummary(
                                "check-0000000001",
                                now.minusSeconds(30),
                                "tandem check by operator",
                                "DIFFERS",
                                List.of(),
                                List.of("public.carts"),
                                List.of()),
                        new CheckSummary(
                                "check-0000000000",
                                now.minusSeconds(90),
                                "tandem check by operator",
                                "CONSISTENT",
                                List.of(),
                                List.of(),
                                List.of())));
    }
}
