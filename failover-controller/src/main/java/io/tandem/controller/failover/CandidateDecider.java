package io.tandem.controller.failover;

import io.tandem.controller.decision.Decision;
import io.tandem.controller.decision.Move;
import io.tandem.controller.decision.RpoReport;
import io.tandem.controller.membership.Applied;
import io.tandem.controller.membership.RegionMember;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Picks the eligible region that applied most of the failed owner's changes (ties: preference list,
 * then name) and returns the move with its RPO report; or refuses, naming why each region is not
 * eligible.
 */
final class CandidateDecider {

    private CandidateDecider() {}

    static Decision decide(GroupView v, FailoverPolicy policy, boolean force) {
        String failed = v.owner();
        List<RegionMember> eligible = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        Map<String, Long> applied = new HashMap<>();
        for (RegionMember m : v.members().members().values()) {
            Optional<Applied> a = m.appliedFrom(failed);
            a.ifPresent(x -> applied.put(m.region(), x.position()));
            whyNot(m, a, v.ownerLastSeen(), policy, force, failed).ifPresentOrElse(reasons::add, () -> eligible.add(m));
        }
        if (eligible.isEmpty()) {
            reasons.sort(Comparator.naturalOrder());
            return Decision.refuse("cannot move " + v.group() + " from " + failed + ": no eligible region"
                    + (reasons.isEmpty() ? " (no region is present)" : ": " + String.join("; ", reasons)));
        }
        eligible.sort(Comparator.comparingLong((RegionMember m) -> -applied.getOrDefault(m.region(), -1L))
                .thenComparingInt(m -> policy.rank(m.region()))
                .thenComparing(RegionMember::region));
        RegionMember chosen = eligible.get(0);
        long lastKnown = v.ownerLastSeen().map(RegionMember::sourcePosition).orElse(0L);
        RpoReport rpo = new RpoReport(failed, lastKnown, applied);
        Move move = new Move(v.group(), failed, chosen.region(), v.ownership().epoch(), Optional.of(rpo));
        return Decision.act(move.toString() + (force ? " (forced)" : ""), List.of(move));
    }

    private static Optional<String> whyNot(
            RegionMember m,
            Optional<Applied> applied,
            Optional<RegionMember> ownerLastSeen,
            FailoverPolicy policy,
            boolean force,
            String failed) {
        if (!m.health().canOwn()) {
            return Optional.of(m.region() + " not eligible: " + m.health());
        }
        if (m.selfFenced()) {
            return Optional.of(m.region() + " not eligible: it has fenced itself");
        }
        if (force) {
            return Optional.empty();
        }
        if (applied.isEmpty()) {
            return Optional.of(m.region() + " not eligible: has applied nothing from " + failed + " (lag unknown)");
        }
        CandidateLag lag = CandidateLag.of(applied.get(), ownerLastSeen);
        if (lag.millis() > policy.maxLag().toMillis()) {
            return Optional.of(m.region() + " not eligible: " + lag.millis() + " ms behind " + failed + " ("
                    + lag.basis() + ") > max-lag " + policy.maxLag().toMillis() + " ms");
        }
        return Optional.empty();
    }
}
