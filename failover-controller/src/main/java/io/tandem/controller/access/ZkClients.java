package io.tandem.controller.access;

import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;

/**
 * The one place Tandem's Curator clients get their identity, ACLs and TLS. Every client of a cluster —
 * daemon, router, CLI — is built here, so every node is created with the ACL its kind calls for.
 */
public final class ZkClients {

    private ZkClients() {}

    /**
     * A builder connecting to {@code connectString}, authenticated with {@code credential} (the
     * {@code digest} scheme) when present, creating nodes with {@code acls}. The caller sets the
     * timeouts and retry policy, builds and starts it. Without a credential and with an open
     * roster, this is a plain client as before access control.
     */
    public static CuratorFrameworkFactory.Builder builder(
            String connectString, Optional<Credential> credential, ClusterAcls acls) {
        return builder(connectString, credential, acls, Optional.empty());
    }

    /**
     * As {@link #builder(String, Optional, ClusterAcls)}, over TLS when {@code tls} is present: the
     * servers' certificates are checked with one handshake first ({@link ZkTls#checkHandshake}), so
     * an untrusted certificate is an error naming the trust store setting, not a silent retry loop.
     *
     * @throws IllegalArgumentException when a server refuses the TLS handshake
     */
    public static CuratorFrameworkFactory.Builder builder(
            String connectString, Optional<Credential> credential, ClusterAcls acls, Optional<ZkTls> tls) {
        CuratorFrameworkFactory.Builder builder =
                CuratorFrameworkFactory.builder().connectString(connectString).aclProvider(acls);
        credential.ifPresent(c -> builder.authorization("digest", c.authBytes()));
        tls.ifPresent(t -> {
            t.checkHandshake(connectString);
            builder.zkClientConfig(t.clientConfig());
        });
        return builder;
    }

    /**
     * The daemon's client, configured with the cluster's roster: after {@link
     * CuratorFramework#start()} and before anything else, call {@link ClusterAccess#secure}.
     */
    public static CuratorFrameworkFactory.Builder daemon(
            String connectString, Optional<Credential> credential, ClusterAcls acls) {
        return daemon(connectString, credential, acls, Optional.empty());
    }

    /** The daemon's client, over TLS when {@code tls} is present. */
    public static CuratorFrameworkFactory.Builder daemon(
            String connectString, Optional<Credential> credential, ClusterAcls acls, Optional<ZkTls> tls) {
        if (!acls.roster().isOpen() && credential.isEmpty()) {
            throw new IllegalArgumentException("the cluster's roster names identities, so the daemon needs its own"
                    + " credential (role " + Role.DAEMON + "): set zookeeper.credential-file");
        }
        return builder(connectString, credential, acls, tls);
    }
}
