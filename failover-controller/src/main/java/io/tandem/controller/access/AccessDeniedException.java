package io.tandem.controller.access;

import java.util.Optional;
import java.util.function.Supplier;
import org.apache.zookeeper.KeeperException;

/**
 * ZooKeeper refused an action because the client's identity lacks the role it needs. Permanent:
 * retrying with the same credential cannot help.
 */
public final class AccessDeniedException extends RuntimeException {

    private final Role needed;

    public AccessDeniedException(Role needed, String action, Optional<Credential> identity, Throwable cause) {
        super(
                "ZooKeeper refused " + action + ": it needs role " + needed + ", and "
                        + identity.map(c -> "identity '" + c.user() + "'").orElse("an unauthenticated client")
                        + " does not hold it",
                cause);
        this.needed = needed;
    }

    /** The role the refused action needs. */
    public Role needed() {
        return needed;
    }

    /**
     * Runs {@code action}; a ZooKeeper NoAuth anywhere in a thrown exception's causes becomes an
     * {@link AccessDeniedException} saying that {@code what} needs role {@code needed}.
     */
    public static <T> T requiring(Role needed, String what, Optional<Credential> identity, Supplier<T> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            if (isNoAuth(e)) {
                throw new AccessDeniedException(needed, what, identity, e);
            }
            throw e;
        }
    }

    /** Whether ZooKeeper's NoAuth is among {@code e}'s causes. */
    public static boolean isNoAuth(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof KeeperException k && k.code() == KeeperException.Code.NOAUTH) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
