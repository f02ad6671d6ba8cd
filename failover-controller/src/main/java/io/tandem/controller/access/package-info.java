/**
 * Who may do what in a cluster's ZooKeeper tree: digest {@link io.tandem.controller.access.Credential}s,
 * the {@link io.tandem.controller.access.Role}s they hold (a {@link io.tandem.controller.access.Roster}
 * kept in the cluster's {@code access} node), the ACL each node carries
 * ({@link io.tandem.controller.access.ClusterAcls}), and the one place Curator clients are built
 * ({@link io.tandem.controller.access.ZkClients}). With no roster every node is open, as before
 * access control existed.
 */
package io.tandem.controller.access;
