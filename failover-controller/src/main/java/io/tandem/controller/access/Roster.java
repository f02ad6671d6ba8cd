package io.tandem.controller.access;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;

/**
 * Which digest identities hold which role in one cluster. An empty roster means access control is
 * off: every node is open, as before roles existed. Kept as JSON in the cluster's {@code access}
 * node so that every client (an operator's CLI too) computes the same ACLs.
 *
 * @param identities per role, the digest ids ({@code user:base64hash}, see {@link Credential#digestId()})
 */
public record Roster(Map<Role, List<String>> identities) {

    private static final Pattern DIGEST_ID = Pattern.compile("[A-Za-z0-9_.@-]{1,64}:[A-Za-z0-9+/]{27}=");

    public Roster {
        EnumMap<Role, List<String>> copy = new EnumMap<>(Role.class);
        if (identities != null) {
            identities.forEach((role, ids) -> {
                if (role == null) {
                    throw new IllegalArgumentException("roster names a null role");
                }
                for (String id : ids == null ? List.<String>of() : ids) {
                    if (id == null || !DIGEST_ID.matcher(id).matches()) {
                        throw new IllegalArgumentException("roster entry for role " + role + " is not a digest id"
                                + " 'user:base64-sha1' (28 characters after the colon); compute it with"
                                + " Credential.digestId() or: echo -n user:password | openssl dgst -binary -sha1"
                                + " | base64");
                    }
                }
                if (ids != null && !ids.isEmpty()) {
                    copy.put(role, List.copyOf(ids));
                }
            });
        }
        if (!copy.isEmpty() && !copy.containsKey(Role.DAEMON)) {
            throw new IllegalArgumentException("a roster that names any role must name at least one " + Role.DAEMON
                    + " identity, or no one could change ownership");
        }
        identities = Map.copyOf(copy);
    }

    /** Access control off. */
    public static Roster open() {
        return new Roster(Map.of());
    }

    /** A roster from digest ids per role; a role without ids may be left out. */
    public static Roster of(Map<Role, List<String>> identities) {
        return new Roster(identities);
    }

    public boolean isOpen() {
        return identities.isEmpty();
    }

    /** The strongest role {@code digestId} holds (daemon, then operator, then reader), if any. */
    public Optional<Role> roleOf(String digestId) {
        for (Role role : Role.values()) {
            if (identities.getOrDefault(role, List.of()).contains(digestId)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    /**
     * The ACL of a node of {@code kind}: each identity gets the union of its roles' permissions on
     * that kind. Open ({@link ZooDefs.Ids#OPEN_ACL_UNSAFE}) when the roster is empty. A new list
     * each call.
     */
    public List<ACL> aclFor(NodeKind kind) {
        if (isOpen()) {
            return ZooDefs.Ids.OPEN_ACL_UNSAFE;
        }
        Map<String, Integer> perms = new LinkedHashMap<>();
        for (Role role : Role.values()) {
            for (String id : identities.getOrDefault(role, List.of())) {
                perms.merge(id, role.permissionsOn(kind), (a, b) -> a | b);
            }
        }
        List<ACL> acl = new ArrayList<>();
        perms.forEach((id, p) -> acl.add(new ACL(p, new Id("digest", id))));
        return acl; // a mutable list: ZooKeeper's validateACL calls contains(null), which List.copyOf rejects
    }
}
