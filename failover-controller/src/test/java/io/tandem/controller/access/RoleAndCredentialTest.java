package io.tandem.controller.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.controller.Json;
import io.tandem.controller.ZkPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.zookeeper.ZooDefs.Perms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoleAndCredentialTest {

    private static final ZkPaths PATHS = ZkPaths.forCluster("prod");

    @Test
    void eachPathHasTheKindItsPlaceInTheLayoutSays() {
        assertEquals(Optional.of(NodeKind.ROOT), NodeKind.of(PATHS, "/tandem/prod"));
        assertEquals(Optional.of(NodeKind.INTENTS), NodeKind.of(PATHS, PATHS.intents()));
        assertEquals(Optional.of(NodeKind.INTENT), NodeKind.of(PATHS, PATHS.intent("orders")));
        assertEquals(Optional.of(NodeKind.OWNERSHIP), NodeKind.of(PATHS, PATHS.ownership("orders")));
        assertEquals(Optional.of(NodeKind.AUDIT), NodeKind.of(PATHS, PATHS.auditEntryPrefix() + "0000000001"));
        assertEquals(Optional.of(NodeKind.ACCESS), NodeKind.of(PATHS, PATHS.access()));
        assertEquals(Optional.of(NodeKind.CONFIG), NodeKind.of(PATHS, "/tandem/prod/config/tables"));
        assertEquals(Optional.empty(), NodeKind.of(PATHS, "/tandem"));
        assertEquals(Optional.empty(), NodeKind.of(PATHS, "/tandem/production/ownership"));
    }

    @Test
    void onlyTheDaemonMayChangeOwnershipAndOnlyOperatorsBesideItMayWriteIntents() {
        for (NodeKind kind : List.of(NodeKind.MEMBERS, NodeKind.LEADER, NodeKind.ACCESS, NodeKind.AUDIT)) {
            assertTrue((Role.DAEMON.permissionsOn(kind) & Perms.CREATE) != 0, kind.name());
            assertEquals(Perms.READ, Role.OPERATOR.permissionsOn(kind), kind.name());
            assertEquals(Perms.READ, Role.READER.permissionsOn(kind), kind.name());
        }
        assertEquals(Perms.ALL, Role.DAEMON.permissionsOn(NodeKind.OWNERSHIP));
        assertEquals(0, Role.OPERATOR.permissionsOn(NodeKind.OWNERSHIP) & (Perms.WRITE | Perms.DELETE));
        assertTrue((Role.OPERATOR.permissionsOn(NodeKind.INTENTS) & Perms.CREATE) != 0);
        assertEquals(0, Role.READER.permissionsOn(NodeKind.INTENTS) & Perms.CREATE);
        assertEquals(0, Role.DAEMON.permissionsOn(NodeKind.AUDIT) & (Perms.DELETE | Perms.WRITE), "append-only");
        for (Role role : Role.values()) {
            for (NodeKind kind : NodeKind.values()) {
                assertTrue((role.permissionsOn(kind) & Perms.READ) != 0, role + " reads " + kind);
            }
        }
    }

    @Test
    void rosterRoundTripsAsJsonAndMergesAnIdentityInTwoRoles() {
        String daemon = new Credential("tandem", "a").digestId();
        String ops = new Credential("alice", "b").digestId();
        Roster roster = Roster.of(Map.of(Role.DAEMON, List.of(daemon), Role.OPERATOR, List.of(ops, daemon)));
        assertEquals(roster, Json.read(Json.write(roster), Roster.class, "/test"));
        assertEquals(Optional.of(Role.DAEMON), roster.roleOf(daemon));
        assertEquals(2, roster.aclFor(NodeKind.INTENTS).size());
        assertTrue(Roster.open()
                .aclFor(NodeKind.OWNERSHIP)
                .get(0)
                .getId()
                .getScheme()
                .equals("world"));
        assertThrows(IllegalArgumentException.class, () -> Roster.of(Map.of(Role.OPERATOR, List.of(ops))));
        IllegalArgumentException bad =
                assertThrows(IllegalArgumentException.class, () -> Roster.of(Map.of(Role.DAEMON, List.of("alice:pw"))));
        assertFalse(bad.getMessage().contains("alice:pw"), bad.getMessage());
    }

    @Test
    void credentialComesFromAFileOrTheEnvironmentAndNeverShowsItsPassword(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cred");
        Files.writeString(file, "alice:s3cr:et\n");
        Credential fromFile = Credential.resolve(Optional.of(file), Map.of()).orElseThrow();
        assertEquals(new Credential("alice", "s3cr:et"), fromFile);
        assertFalse(fromFile.toString().contains("s3cr"), fromFile.toString());
        assertEquals(
                fromFile,
                Credential.resolve(Optional.empty(), Map.of(Credential.FILE_VARIABLE, file.toString()))
                        .orElseThrow());
        assertEquals(
                new Credential("bob", "pw"),
                Credential.resolve(Optional.empty(), Map.of(Credential.VARIABLE, "bob:pw"))
                        .orElseThrow());
        assertEquals(Optional.empty(), Credential.resolve(Optional.empty(), Map.of()));

        Files.writeString(file, "no-colon-secret\n");
        IllegalArgumentException malformed =
                assertThrows(IllegalArgumentException.class, () -> Credential.fromFile(file));
        assertTrue(malformed.getMessage().contains(file.toString()), malformed.getMessage());
        assertFalse(malformed.getMessage().contains("no-colon-secret"), malformed.getMessage());
        IllegalArgumentException missing =
                assertThrows(IllegalArgumentException.class, () -> Credential.fromFile(dir.resolve("absent")));
        assertTrue(missing.getMessage().contains("cannot read credential file"), missing.getMessage());
        assertTrue(new Credential("alice", "x").digestId().matches("alice:[A-Za-z0-9+/]{27}="));
    }
}
