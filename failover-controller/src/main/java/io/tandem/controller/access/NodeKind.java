package io.tandem.controller.access;

import io.tandem.controller.ZkPaths;
import java.util.Optional;

/**
 * The kinds of node under a cluster root that carry different ACLs. Each node's kind follows from
 * its path alone, so every client computes the same ACL for it.
 */
public enum NodeKind {
    /** The cluster root itself. */
    ROOT,
    /** The roster of identities and their roles. */
    ACCESS,
    /** Region membership (ephemeral nodes). */
    MEMBERS,
    /** The controller's leader latch. */
    LEADER,
    /** The ownership map: who may write each group, at which epoch. */
    OWNERSHIP,
    /** The parent of pending intents: operators create and cancel intents here. */
    INTENTS,
    /** One pending intent. */
    INTENT,
    /** The append-only audit trail. */
    AUDIT,
    /** The cluster configuration store (written by {@code tandem config set}). */
    CONFIG,
    /** The parent of consistency check requests: operators request checks here ({@code tandem check}). */
    CHECKS,
    /** One consistency check request and the regions' digests under it (written by daemons). */
    CHECK,
    /** Any other node under the root. */
    OTHER;

    /** The kind of {@code path}, or empty when it lies outside the cluster root. */
    public static Optional<NodeKind> of(ZkPaths paths, String path) {
        String root = paths.root();
        if (path.equals(root)) {
            return Optional.of(ROOT);
        }
        if (!path.startsWith(root + "/")) {
            return Optional.empty();
        }
        String rest = path.substring(root.length() + 1);
        int slash = rest.indexOf('/');
        String first = slash < 0 ? rest : rest.substring(0, slash);
        boolean child = slash >= 0;
        return Optional.of(
                switch (first) {
                    case ZkPaths.ACCESS -> ACCESS;
                    case "members" -> MEMBERS;
                    case "leader" -> LEADER;
                    case "ownership" -> OWNERSHIP;
                    case "intents" -> child ? INTENT : INTENTS;
                    case "audit" -> AUDIT;
                    case "config" -> CONFIG;
                    case "checks" -> child ? CHECK : CHECKS;
                    default -> OTHER;
                });
    }
}
