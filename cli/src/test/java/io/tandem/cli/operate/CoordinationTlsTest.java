package io.tandem.cli.operate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.cli.cluster.ClusterConfigCodec;
import io.tandem.cli.cluster.ClusterConfigStore;
import io.tandem.controller.ZkPaths;
import io.tandem.embedded.tls.TestCertificates;
import io.tandem.embedded.zookeeper.SecureZooKeeper;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator CLI's ZooKeeper client over TLS, configured from the environment as the daemon's
 * settings are named: it stores and reads the cluster configuration through a ZooKeeper that serves
 * TLS only; without the CA it is refused at once, naming zookeeper.tls.truststore; a plain-text
 * client gets nowhere.
 */
@DisabledIfSystemProperty(named = "skipITs", matches = "true", disabledReason = "needs real servers")
class CoordinationTlsTest {
    static final ZkPaths PATHS = ZkPaths.forCluster("clitls");

    @TempDir
    static Path dir;

    static TestCertificates ca;
    static SecureZooKeeper zk;

    @BeforeAll
    static void start() {
        ca = TestCertificates.authority("zk-ca");
        zk = SecureZooKeeper.start(ca, false, dir);
    }

    @AfterAll
    static void stop() {
        if (zk != null) {
            zk.close();
        }
    }

    @Test
    void theCliWritesAndReadsOverTlsWithTheCa() {
        Map<String, String> env = Map.of(
                "TANDEM_ZOOKEEPER_TLS_TRUSTSTORE",
                ca.authorityFile(dir.resolve("client")).toString());
        String yaml = """
                regions: [us-east, eu-west]
                shards: 2
                groups:
                  - {name: g-us, owner: us-east}
                tables:
                  - {name: public.notes, key: [id], mode: multi-writer, policy: lww}
                """;
        try (Coordination c = Coordination.connect(zk.connectString(), Optional.empty(), PATHS, env)) {
            new ClusterConfigStore(c.client(), PATHS).set(ClusterConfigCodec.parse(yaml, "test"));
        }
        try (Coordination c = Coordination.connect(zk.connectString(), Optional.empty(), PATHS, env)) {
            assertEquals(
                    2,
                    new ClusterConfigStore(c.client(), PATHS)
                            .read()
                            .orElseThrow()
                            .value()
                            .regions()
                            .size());
        }
    }

    @Test
    void withoutTheCaTheCliIsRefusedNamingTheTrustStore() {
        Path other = TestCertificates.authority("other-ca").authorityFile(dir.resolve("other"));
        Coordination.Unavailable refused = assertThrows(
                Coordination.Unavailable.class,
                () -> Coordination.connect(
                        zk.connectString(),
                        Optional.empty(),
                        PATHS,
                        Map.of("TANDEM_ZOOKEEPER_TLS_TRUSTSTORE", other.toString())));
        assertTrue(refused.getMessage().contains("refused the TLS handshake"), refused.getMessage());
        assertTrue(refused.getMessage().contains("zookeeper.tls.truststore"), refused.getMessage());
        assertTrue(refused.getMessage().contains("TANDEM_ZOOKEEPER_TLS_TRUSTSTORE"), refused.getMessage());
        assertTrue(refused.getMessage().contains(other.toString()), refused.getMessage());
    }

    @Test
    void aPlainTextClientCannotTalkToTheSecurePort() {
        Coordination.Unavailable refused = assertThrows(
                Coordination.Unavailable.class,
                () -> Coordination.connect(zk.connectString(), Optional.empty(), PATHS, Map.of()));
        assertTrue(refused.getMessage().contains("TANDEM_ZOOKEEPER_TLS_TRUSTSTORE"), refused.getMessage());
        assertFalse(refused.getMessage().isBlank());
    }
}
