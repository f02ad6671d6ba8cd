package io.tandem.controller.failover;

import io.tandem.controller.ClusterSnapshot;
import io.tandem.controller.decision.Decision;
import io.tandem.controller.decision.Move;
import io.tandem.controller.membership.MembershipSnapshot;
import io.tandem.controller.membership.RegionMember;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.Versioned;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The leader's unplanned-failover tick: {@code tick(snapshot, now)} remembers when each owner was
 * last seen and first missed, asks {@link GroupFailoverDecider} about every group, and returns one
 * combined {@link Decision}. It changes nothing itself: the runtime applies the decision's moves and
 * then calls {@link #moved} so hold-down counts from there. Not thread-safe: the tick thread owns it.
 */
public final class FailoverTicker {

    private final FailoverPolicy policy;
    private final Map<String, RegionMember> lastSeen = new HashMap<>();
    private final Map<String, Long> missingSince = new HashMap<>();
    private final Map<String, Long> lastMoved = new HashMap<>();

    public FailoverTicker(FailoverPolicy policy) {
        this.policy = policy;
    }

    public FailoverPolicy policy() {
        return policy;
    }

    /**
     * @param skip groups to leave alone this tick (a switchover is moving them)
     */
    public Decision tick(ClusterSnapshot snapshot, long now, Set<String> skip) {
        return Decision.combine(List.copyOf(tickGroups(snapshot, now, skip).values()));
    }

    /** As {@link #tick}, one decision per group, in group name order. */
    public Map<String, Decision> tickGroups(ClusterSnapshot snapshot, long now, Set<String> skip) {
        observe(snapshot.members(), now);
        Map<String, Decision> out = new LinkedHashMap<>();
        for (Versioned<Ownership> v : snapshot.ownership().sorted().values()) {
            Ownership o = v.value();
            if (skip.contains(o.group())) {
                out.put(o.group(), Decision.noAction(o.group() + " is being switched over"));
                continue;
            }
            if (!snapshot.members().contains(o.owner())) {
                missingSince.putIfAbsent(o.owner(), now); // never seen since this leader started
            }
            out.put(o.group(), GroupFailoverDecider.decide(view(o, snapshot, now), policy));
        }
        return out;
    }

    /**
     * Remembers who is present (and their last payload, for RPO reports) and since when each region
     * seen before is missing. Followers call it every tick too, so a new leader knows the history.
     */
    public void observe(MembershipSnapshot members, long now) {
        members.members().forEach((region, m) -> {
            lastSeen.put(region, m);
            missingSince.remove(region);
        });
        for (String region : lastSeen.keySet()) {
            if (!members.contains(region)) {
                missingSince.putIfAbsent(region, now);
            }
        }
    }

    /** How long {@code region} has been missing, in nanoseconds, if it is. */
    public OptionalLong missingSince(String region) {
        Long t = missingSince.get(region);
        return t == null ? OptionalLong.empty() : OptionalLong.of(t);
    }

    /** Records that the runtime carried out {@code move} at {@code now} (starts its hold-down). */
    public void moved(Move move, long now) {
        lastMoved.put(move.group(), now);
    }

    /** The view the deciders see of group {@code o} at {@code now}, for decisions made outside {@link #tick}. */
    public GroupView view(Ownership o, ClusterSnapshot snapshot, long now) {
        Long missing = missingSince.get(o.owner());
        Long moved = lastMoved.get(o.group());
        return new GroupView(
                o,
                snapshot.members(),
                Optional.ofNullable(lastSeen.get(o.owner())),
                missing == null ? OptionalLong.empty() : OptionalLong.of(missing),
                moved == null ? OptionalLong.empty() : OptionalLong.of(moved),
                now);
    }
}
