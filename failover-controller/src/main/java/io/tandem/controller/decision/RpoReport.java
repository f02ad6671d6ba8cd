package io.tandem.controller.decision;

import io.tandem.controller.Names;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far each surviving region had applied a failed region's changes when the failover was
 * decided. {@code lastKnownSourcePosition} is the failed region's own position as last published
 * in its membership node: a lower bound of what it had written, so each "behind" figure is a lower
 * bound of what that survivor may lack.
 */
public record RpoReport(String failedRegion, long lastKnownSourcePosition, Map<String, Long> appliedBySurvivor) {

    public RpoReport {
        Names.require("failed region", failedRegion);
        appliedBySurvivor = Map.copyOf(appliedBySurvivor);
    }

    /** Positions the survivor lacks relative to the last known source position (0 if none). */
    public long behind(String survivor) {
        Long applied = appliedBySurvivor.get(survivor);
        return applied == null ? lastKnownSourcePosition : Math.max(0, lastKnownSourcePosition - applied);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("RPO for ")
                .append(failedRegion)
                .append(" (last known position ")
                .append(lastKnownSourcePosition)
                .append("):");
        new TreeMap<>(appliedBySurvivor).forEach((region, applied) -> b.append(' ')
                .append(region)
                .append(" applied ")
                .append(applied)
                .append(" (behind >= ")
                .append(behind(region))
                .append(");"));
        return b.toString();
    }
}
