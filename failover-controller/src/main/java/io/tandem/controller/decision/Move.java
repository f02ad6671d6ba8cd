package io.tandem.controller.decision;

import io.tandem.controller.Names;
import java.util.Optional;

/**
 * One ownership change a decision asks for: group from one region to another, expected to be at
 * {@code fromEpoch} when applied (the compare-and-set refuses it otherwise).
 */
public record Move(String group, String fromRegion, String toRegion, long fromEpoch, Optional<RpoReport> rpo) {

    public Move {
        Names.require("group", group);
        Names.require("from region", fromRegion);
        Names.require("to region", toRegion);
        if (fromRegion.equals(toRegion)) {
            throw new IllegalArgumentException("move of group " + group + " from " + fromRegion + " to itself");
        }
        if (fromEpoch < 1) {
            throw new IllegalArgumentException("from epoch " + fromEpoch + " of group " + group + " must be >= 1");
        }
        rpo = rpo == null ? Optional.empty() : rpo;
    }

    @Override
    public String toString() {
        return "move " + group + " from " + fromRegion + " (epoch " + fromEpoch + ") to " + toRegion
                + rpo.map(r -> "; " + r).orElse("");
    }
}
