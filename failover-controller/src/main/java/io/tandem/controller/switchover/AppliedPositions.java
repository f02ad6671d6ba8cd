package io.tandem.controller.switchover;

import java.util.OptionalLong;

/** How far a region has applied another region's changes. The replicator implements it. */
@FunctionalInterface
public interface AppliedPositions {

    /** The source position up to which {@code target} has applied {@code source}'s changes, if known. */
    OptionalLong appliedUpTo(String target, String source);
}
