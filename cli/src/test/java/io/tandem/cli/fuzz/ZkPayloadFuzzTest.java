package io.tandem.cli.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.controller.Json;
import io.tandem.controller.access.Credential;
import io.tandem.controller.access.Role;
import io.tandem.controller.access.Roster;
import io.tandem.controller.audit.AuditEntry;
import io.tandem.controller.intent.Intent;
import io.tandem.controller.membership.Applied;
import io.tandem.controller.membership.Health;
import io.tandem.controller.membership.RegionMember;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipState;
import io.tandem.embedded.fuzz.Fuzz;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the decoders of ZooKeeper node payloads (ownership, membership, intents, audit entries,
 * the access roster) with mutated valid payloads for a bounded time. Anyone who can write a node
 * can put anything in it; the only failure allowed is the documented {@link IllegalStateException}
 * naming the node ("does not hold a valid ...; fix or delete the node").
 */
class ZkPayloadFuzzTest {

    private static final String PATH = "/tandem/fuzz/node";

    private static <T> void fuzz(String name, Class<T> type, List<Object> samples) {
        List<byte[]> seeds = samples.stream().map(Json::write).toList();
        Fuzz.Result result = Fuzz.run(name, Duration.ofSeconds(5), seeds, input -> {
            try {
                Json.read(input, type, PATH);
            } catch (IllegalStateException expected) {
                if (!expected.getMessage().contains(PATH)) {
                    throw new AssertionError("the error does not name the node: " + expected.getMessage());
                }
            }
        });
        assertTrue(result.inputs() > 10, result.toString());
    }

    @Test
    void ownership() {
        fuzz(
                "zk-ownership",
                Ownership.class,
                List.of(
                        Ownership.initial("orders", "us-east"),
                        new Ownership("payments", "eu-west", 42, OwnershipState.DRAINING)));
    }

    @Test
    void membership() {
        fuzz(
                "zk-membership",
                RegionMember.class,
                List.of(
                        RegionMember.healthy("us-east", List.of("pg://us-east:5432")),
                        new RegionMember(
                                "eu-west",
                                List.of("a", "b"),
                                991,
                                1_764_000_000_000L,
                                Map.of("us-east", new Applied(77, 12, 1_763_999_999_800L)),
                                Health.DEGRADED,
                                Map.of("orders", 3L),
                                true)));
    }

    @Test
    void intents() {
        fuzz(
                "zk-intent",
                Intent.class,
                List.of(
                        Intent.switchover("id-1", "orders", "eu-west", Duration.ofSeconds(30), 1L, "cli:alice"),
                        Intent.failover("id-2", "orders", "us-east", true, 2L, "cli:bob")));
    }

    @Test
    void auditEntriesAndTheRoster() {
        fuzz(
                "zk-audit",
                AuditEntry.class,
                List.of(new AuditEntry(1L, "us-east/host", "orders", "FENCING->CATCHING_UP", "fenced at epoch 3", -1)));
        fuzz(
                "zk-roster",
                Roster.class,
                List.of(Roster.of(Map.of(
                        Role.DAEMON, List.of(new Credential("tandem", "x").digestId()),
                        Role.OPERATOR, List.of(new Credential("alice", "y").digestId())))));
    }
}
