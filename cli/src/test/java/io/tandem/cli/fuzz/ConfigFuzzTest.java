package io.tandem.cli.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.cli.cluster.ClusterConfigCodec;
import io.tandem.cli.config.ConfigException;
import io.tandem.cli.config.ConfigLoader;
import io.tandem.cli.config.DaemonSettings;
import io.tandem.embedded.fuzz.Fuzz;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the region-file loader and the cluster-configuration codec (what `tandem config set`
 * stores in ZooKeeper and every daemon decodes) with mutated valid files, for a bounded time. The
 * only failure allowed is {@link ConfigException}, each problem naming a key or the file.
 */
class ConfigFuzzTest {

    private static final String REGION = """
            cluster: prod
            region: us-east
            postgres:
              url: jdbc:postgresql://db.us-east:5432/orders
              user: tandem
              sslmode: verify-full
              sslrootcert: /etc/tandem/pg-ca.pem
            kafka:
              bootstrap: kafka-1.us-east:9092,kafka-2.us-east:9092
              security-protocol: SASL_SSL
              sasl:
                mechanism: SCRAM-SHA-512
                username: tandem
            peers:
              eu-west:
                kafka: kafka-1.eu-west:9092
            zookeeper:
              connect: zk-1:2181,zk-2:2181,zk-3:2181
              session-timeout: 2s
              acl:
                daemon: [tandem:M2VhZmY0YzZiYTE5ZGY5NmFiMDA5MTE=]
                reader: "bob:YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnc="
            http:
              port: 8080
              tls:
                client-auth: require
            apply:
              batch-size: 500
            failover:
              detection-time: 3s
              min-healthy-regions: 2
            """;

    private static final String CLUSTER = """
            regions: [us-east, eu-west, ap-south]
            shards: 16
            groups:
              - {name: g-us, owner: us-east}
              - {name: g-eu, owner: eu-west}
            tables:
              - {name: public.orders, key: [id], mode: owned, shard-key: customer}
              - {name: public.carts, key: [id], policy: column-merge, counters: [items]}
              - {name: public.profiles, key: [user_id, tenant], policy: "region-priority:us-east,eu-west"}
            """;

    private static List<byte[]> seeds(String... texts) {
        return java.util.Arrays.stream(texts)
                .map(t -> t.getBytes(StandardCharsets.UTF_8))
                .toList();
    }

    private static void expected(ConfigException e) {
        assertFalse(e.problems().isEmpty(), "a ConfigException lists its problems");
        e.problems().forEach(p -> assertTrue(p.key() != null && !p.describe().isBlank(), p.toString()));
    }

    @Test
    void regionFileLoaderThrowsOnlyConfigException() {
        ConfigLoader loader = new ConfigLoader(DaemonSettings.CATALOG, k -> null);
        Fuzz.Result result = Fuzz.run("config-loader", Duration.ofSeconds(10), seeds(REGION, "region: a\n"), input -> {
            try {
                loader.parse(new String(input, StandardCharsets.UTF_8), "region.yaml");
            } catch (ConfigException e) {
                expected(e);
            }
        });
        assertTrue(result.inputs() > 100, result.toString());
    }

    @Test
    void clusterConfigCodecThrowsOnlyConfigException() {
        Fuzz.Result result = Fuzz.run(
                "cluster-config",
                Duration.ofSeconds(10),
                seeds(CLUSTER, ClusterConfigCodec.toJson(ClusterConfigCodec.parse(CLUSTER, "cluster.yaml"))),
                input -> {
                    try {
                        ClusterConfigCodec.parse(new String(input, StandardCharsets.UTF_8), "cluster.yaml");
                    } catch (ConfigException e) {
                        expected(e);
                    }
                });
        assertTrue(result.inputs() > 100, result.toString());
    }
}
