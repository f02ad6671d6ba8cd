package io.tandem.replicator.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tandem.replicator.config.TableMode;
import io.tandem.replicator.config.TableSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RegionReplicationSettingsTest {
    static final TableSpec ORDERS =
            new TableSpec("public.orders", List.of("id"), TableMode.MULTI_WRITER, "lww", Set.of(), Optional.empty());
    static final DatabaseSettings DB = new DatabaseSettings("127.0.0.1", 5432, "app", "tandem", "secret");

    @Test
    void defaultsAndValidationNameTheInput() {
        var settings = RegionReplicationSettings.of(
                "us-east", DB, "127.0.0.1:9092", Map.of("eu-west", "127.0.0.1:9093"), List.of(ORDERS));
        assertEquals(Duration.ofMillis(100), settings.applyPollTimeout());
        assertEquals(2_000, settings.applyMaxBatch());
        assertEquals(Optional.of(Duration.ofSeconds(1)), settings.heartbeat());
        assertEquals(Optional.empty(), settings.withHeartbeat(Optional.empty()).heartbeat());

        var self = assertThrows(
                IllegalArgumentException.class,
                () -> RegionReplicationSettings.of("us-east", DB, "k:1", Map.of("us-east", "k:1"), List.of(ORDERS)));
        assertTrue(self.getMessage().contains("us-east lists itself"), self.getMessage());
        var twice = assertThrows(
                IllegalArgumentException.class,
                () -> RegionReplicationSettings.of("us-east", DB, "k:1", Map.of(), List.of(ORDERS, ORDERS)));
        assertTrue(twice.getMessage().contains("public.orders listed twice"), twice.getMessage());
        var port = assertThrows(IllegalArgumentException.class, () -> new DatabaseSettings("h", 0, "d", "u", null));
        assertTrue(port.getMessage().contains("port 0"), port.getMessage());
        assertFalse(DB.toString().contains("secret"), "no password in toString");
    }

    @Test
    void closeIsIdempotentAndAClosedReplicationCannotStart() {
        var replication = new RegionReplication(
                RegionReplicationSettings.of("us-east", DB, "127.0.0.1:9092", Map.of(), List.of(ORDERS)),
                new SimpleMeterRegistry(),
                Clock.systemUTC());
        assertEquals(RegionReplication.State.NEW, replication.state());
        replication.close();
        replication.close();
        assertEquals(RegionReplication.State.CLOSED, replication.state());
        var e = assertThrows(IllegalStateException.class, replication::start);
        assertTrue(e.getMessage().contains("us-east: expected state NEW but was CLOSED"), e.getMessage());
    }
}
