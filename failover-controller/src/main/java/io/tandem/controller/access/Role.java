package io.tandem.controller.access;

import java.util.Locale;
import org.apache.zookeeper.ZooDefs.Perms;

/**
 * What an identity may do in a cluster's ZooKeeper tree. Each role carries its ZooKeeper
 * permissions per kind of node; a stronger role is not implied by a weaker one's name, it is
 * spelled out here.
 */
public enum Role {
    /**
     * Tandem's own identity (the region daemons): membership, leader election, ownership, the audit
     * trail, carrying out and removing intents, and the ACLs themselves.
     */
    DAEMON {
        @Override
        public int permissionsOn(NodeKind kind) {
            // the audit trail is append-only: not even Tandem rewrites or deletes an entry
            return kind == NodeKind.AUDIT ? Perms.READ | Perms.CREATE | Perms.ADMIN : Perms.ALL;
        }
    },
    /**
     * A person or tool operating the cluster: requests switchovers and failovers, sets cluster
     * config ({@code tandem config set}, which may create the config node under the root and the
     * first ownership node of a new group; an existing group's ownership it can only read).
     */
    OPERATOR {
        @Override
        public int permissionsOn(NodeKind kind) {
            return switch (kind) {
                case ROOT, OWNERSHIP -> Perms.READ | Perms.CREATE;
                case INTENTS -> Perms.READ | Perms.CREATE | Perms.DELETE;
                case INTENT -> Perms.READ | Perms.WRITE;
                case CONFIG -> Perms.READ | Perms.WRITE | Perms.CREATE | Perms.DELETE;
                case CHECKS -> Perms.READ | Perms.CREATE;
                default -> Perms.READ;
            };
        }
    },
    /** Monitoring and dashboards: reads status, changes nothing. */
    READER {
        @Override
        public int permissionsOn(NodeKind kind) {
            return Perms.READ;
        }
    };

    /** The ZooKeeper permission bits (ZooDefs.Perms) this role holds on a node of {@code kind}. */
    public abstract int permissionsOn(NodeKind kind);

    /** The name used in configuration and messages, e.g. {@code operator}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return key();
    }
}
