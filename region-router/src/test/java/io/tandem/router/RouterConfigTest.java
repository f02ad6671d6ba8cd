package io.tandem.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouterConfigTest {

    @Test
    void theExampleInTheReadmeLoads() {
        RouterConfig c = RouterConfig.load(Path.of("router.example.json"));
        assertEquals(7070, c.grpcPort());
        assertEquals("/tandem/prod", c.zkPaths().root());
        assertEquals(Duration.ofSeconds(10), c.zkSessionTimeout());
        assertEquals("orders-d", c.routing().tablesByName().get("orders").groupOfShard(63));
        assertEquals(
                List.of("eu-west", "us-east", "ap-south"), c.routing().latency().order("eu-west"));
        assertTrue(c.routing().knownGroups().contains("inventory"));
        assertEquals("us-east", c.region());
    }

    @Test
    void regionIsOptionalAndMustBeAStringWhenGiven() {
        String rest =
                "\"zookeeper\":{\"connect\":\"h:2181\",\"cluster\":\"c\"},\"latency\":{\"us-east\":[\"us-east\"]}";
        assertEquals("-", RouterConfig.parse("{" + rest + "}").region());
        assertEquals(
                "region is required and must be a non-empty string",
                assertThrows(IllegalArgumentException.class, () -> RouterConfig.parse("{\"region\":3," + rest + "}"))
                        .getMessage());
    }

    @Test
    void errorsNameTheSetting() {
        String zk = "\"zookeeper\":{\"connect\":\"h:2181\",\"cluster\":\"c\"}";
        String latency = "\"latency\":{\"us-east\":[\"us-east\"]}";
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RouterConfig.parse("{" + latency + "}"))
                .getMessage()
                .contains("zookeeper.connect is required"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> RouterConfig.parse("{" + zk + "," + latency + ",\"grpc_port\":\"x\"}"))
                .getMessage()
                .contains("grpc_port must be an integer"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RouterConfig.parse("{" + zk + "}"))
                .getMessage()
                .contains("latency table is empty"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> RouterConfig.parse("{" + zk + "," + latency
                                + ",\"zookeeper\":{\"connect\":\"h\",\"cluster\":\"c\",\"session_timeout\":\"10s\"}}"))
                .getMessage()
                .contains("ISO-8601"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RouterConfig.parse("{nope"))
                .getMessage()
                .contains("not valid JSON"));
    }
}
