package io.tandem.chaos.check;

import io.tandem.chaos.workload.AckedWrite;
import io.tandem.controller.audit.AuditEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Invariant 5, from the audit trail in ZooKeeper:
 *
 * <ul>
 *   <li><b>Planned switchover loses nothing</b>: every write the old owner had acknowledged before
 *       the DRAINING fence began before the WAL position the controller recorded and waited for; a
 *       write that began after it could have been left behind at hand-over.
 *   <li><b>Unplanned failover loses at most what its RPO report lists</b>: every write of the failed
 *       owner that the new owner had applied by the report's position (it ended at or before it) is
 *       present or causally superseded everywhere, not lost in a conflict.
 * </ul>
 */
public final class RpoChecker implements Checker {
    private static final Pattern SWITCHOVER =
            Pattern.compile("switchover \\S+ of (\\S+) (\\S+) -> (\\S+): FENCING -> CATCHING_UP");
    private static final Pattern POSITION = Pattern.compile("enforces epoch (\\d+); its WAL position is (\\d+)");
    private static final Pattern HANDED_OVER =
            Pattern.compile("switchover \\S+ of (\\S+) (\\S+) -> (\\S+): CATCHING_UP -> HANDING_OVER");
    private static final Pattern FAILOVER = Pattern.compile("failover (\\S+) -> (\\S+) epoch (\\d+)");

    @Override
    public String name() {
        return "switchover RPO 0, failover RPO within its report";
    }

    @Override
    public CheckResult check(CheckContext context) throws Exception {
        List<AckedWrite> acked = context.log().acked();
        List<String> problems = new ArrayList<>();
        int switchovers = 0;
        int failovers = 0;
        Map<String, Long> pendingPosition = new TreeMap<>();
        Map<String, Long> pendingEpoch = new TreeMap<>();
        List<FinalState> states = new ArrayList<>();
        for (var e : context.databases().entrySet()) {
            states.add(FinalState.read(e.getKey(), e.getValue()));
        }
        Fates fates = new Fates(states.get(0), states, acked, context.log().unknown());
        for (AuditEntry entry : context.audit()) {
            Matcher s = SWITCHOVER.matcher(entry.transition());
            Matcher p = POSITION.matcher(entry.decision());
            if (s.find() && p.find()) {
                pendingPosition.put(s.group(1) + " " + s.group(2), Long.parseLong(p.group(2)));
                pendingEpoch.put(s.group(1) + " " + s.group(2), Long.parseLong(p.group(1)));
                continue;
            }
            Matcher h = HANDED_OVER.matcher(entry.transition());
            if (h.find()) {
                String k = h.group(1) + " " + h.group(2);
                Long position = pendingPosition.remove(k);
                Long drainingEpoch = pendingEpoch.remove(k);
                if (position == null) {
                    continue;
                }
                switchovers++;
                for (AckedWrite w : acked) {
                    if (w.owned()
                            && w.group().equals(h.group(1))
                            && w.region().equals(h.group(2))
                            && w.epoch() < drainingEpoch
                            && w.lsnBefore() > position) {
                        problems.add("switchover of " + h.group(1) + " " + h.group(2) + " -> " + h.group(3)
                                + " waited for position " + position + " but " + w + " began at " + w.lsnBefore());
                    }
                }
                continue;
            }
            Matcher f = FAILOVER.matcher(entry.transition());
            if (f.find()) {
                failovers++;
                String failed = f.group(1);
                String survivor = f.group(2);
                long newEpoch = Long.parseLong(f.group(3));
                Matcher applied = Pattern.compile(Pattern.quote(survivor) + " applied (\\d+)")
                        .matcher(entry.decision());
                if (!applied.find()) {
                    problems.add("failover " + failed + " -> " + survivor + " at epoch " + newEpoch
                            + " has no RPO figure for " + survivor + " in its audit entry: " + entry.decision());
                    continue;
                }
                long reported = Long.parseLong(applied.group(1));
                for (AckedWrite w : acked) {
                    if (w.owned() && w.region().equals(failed) && w.epoch() < newEpoch && w.lsnAfter() <= reported) {
                        Fate fate = fates.of(w);
                        if (fate != Fate.PRESENT && fate != Fate.SUPERSEDED) {
                            problems.add("failover " + failed + " -> " + survivor + " reported " + survivor
                                    + " had applied " + reported + ", yet " + w + " (ended at " + w.lsnAfter()
                                    + ") is " + fate);
                        }
                    }
                }
            }
        }
        String summary = switchovers + " completed switchovers, " + failovers + " failovers in the audit trail";
        return problems.isEmpty()
                ? CheckResult.pass(name(), summary)
                : CheckResult.fail(
                        name(),
                        problems.size() + " problems, first: " + problems.subList(0, Math.min(3, problems.size()))
                                + " (" + summary + ")");
    }
}
