package io.tandem.cli.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.cli.ExitCodes;
import io.tandem.cli.TandemCommand;
import io.tandem.cli.config.ConfigException;
import io.tandem.cli.config.ConfigLoader;
import io.tandem.cli.config.DaemonSettings;
import io.tandem.cli.daemon.status.HealthCheck;
import io.tandem.cli.daemon.status.StatusServer;
import io.tandem.controller.ZkPaths;
import io.tandem.controller.access.ClientTls;
import io.tandem.controller.access.ClusterAccess;
import io.tandem.controller.access.Credential;
import io.tandem.controller.access.ZkClients;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipStore;
import io.tandem.embedded.tls.TestCertificates;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs what can be run today with every kind of secret configured — config check (valid and
 * invalid), the configuration reference, a Kafka client built from the settings, the status server
 * over mutual TLS, and operator commands against a secured ZooKeeper — capturing stdout, stderr and
 * DEBUG logs, then greps all of it for each secret.
 */
class SecretsNeverPrintedTest {
    private static final String KAFKA_PASSWORD = "kafka-Secret-Q7x41";
    private static final String PG_PASSWORD = "pg-Secret-Z9k22";
    private static final String ZK_PASSWORD = "zk-Secret-M3p63";
    private static final String OPERATOR_PASSWORD = "op-Secret-R5t84";
    private static final List<String> SECRETS = List.of(KAFKA_PASSWORD, PG_PASSWORD, ZK_PASSWORD, OPERATOR_PASSWORD);

    @TempDir
    Path dir;

    private String yaml(String extra) throws Exception {
        Path cred = Files.writeString(dir.resolve("zk.cred"), "tandem:" + ZK_PASSWORD + "\n");
        Path operatorCred = Files.writeString(dir.resolve("op.cred"), "alice:" + OPERATOR_PASSWORD + "\n");
        return """
                region: us-east
                postgres:
                  url: jdbc:postgresql://127.0.0.1:5432/tandem
                  password: %s
                  sslmode: verify-full
                kafka:
                  bootstrap: 127.0.0.1:9092
                  security-protocol: SASL_SSL
                  sasl:
                    username: tandem
                    password: %s
                peers:
                  eu-west:
                    kafka: 127.0.0.1:9093
                zookeeper:
                  connect: 127.0.0.1:2181
                  credential-file: %s
                  acl:
                    daemon: [%s]
                    operator: %s
                """.formatted(
                                PG_PASSWORD,
                                KAFKA_PASSWORD,
                                cred,
                                Credential.fromFile(cred).digestId(),
                                Credential.fromFile(operatorCred).digestId())
                + extra;
    }

    private record Run(int code, String out, String err) {}

    private static Run tandem(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cli = TandemCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void noSecretAppearsInAnyOutput() throws Exception {
        StringBuilder seen = new StringBuilder();
        try (CapturedOutput captured = new CapturedOutput()) {
            // config check, valid
            Path good = Files.writeString(dir.resolve("good.yaml"), yaml(""));
            Run ok = tandem("config", "check", "--config=" + good);
            assertEquals(ExitCodes.OK, ok.code, ok.out + ok.err);
            seen.append(ok.out).append(ok.err);

            // config check, invalid in several ways at once (secrets present in the same file)
            Path bad = Files.writeString(
                    dir.resolve("bad.yaml"),
                    yaml("http:\n  tls:\n    cert: " + dir.resolve("missing.crt") + "\n    key: "
                                    + dir.resolve("missing.key") + "\nkafka-sasl-password: " + KAFKA_PASSWORD + "\n")
                            .replace("username: tandem", "username: \"\"")
                            .replace("sslmode: verify-full", "sslmode: very-full"));
            Run refused = tandem("config", "check", "--config=" + bad);
            assertEquals(ExitCodes.BAD_CONFIG, refused.code, refused.out + refused.err);
            assertTrue(refused.err.contains("postgres.sslmode"), refused.err);
            seen.append(refused.out).append(refused.err);

            // environment overrides: a secret given through the environment, and a malformed one
            var loader = new ConfigLoader(
                    DaemonSettings.CATALOG,
                    Map.of(
                            "TANDEM_KAFKA_SASL_PASSWORD", KAFKA_PASSWORD,
                            "TANDEM_POSTGRES_PASSWORD", PG_PASSWORD)::get);
            var config = loader.parse(yaml(""), "region.yaml");
            DaemonSecurity security = DaemonSecurity.from(config);
            seen.append(security).append('\n').append(security.kafka()).append(security.postgres());
            try {
                new ConfigLoader(DaemonSettings.CATALOG, Map.of("TANDEM_ZOOKEEPER_ACL_DAEMON", ZK_PASSWORD)::get)
                        .parse(yaml(""), "region.yaml");
            } catch (ConfigException e) {
                seen.append(e.getMessage());
            }

            // the reference docs
            seen.append(tandem("config", "reference").out);

            // a Kafka producer built with the pass-through settings logs its config (passwords hidden)
            Properties kafka = security.kafka().clientProperties();
            kafka.setProperty("bootstrap.servers", "127.0.0.1:1");
            kafka.setProperty("security.protocol", "SASL_PLAINTEXT");
            kafka.setProperty("max.block.ms", "100");
            try (var producer = new KafkaProducer<>(kafka, new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.close(Duration.ZERO);
            }
            seen.append(security.postgres().jdbcProperties().keySet());

            // the status server over mutual TLS, started and stopped
            TestCertificates ca = TestCertificates.authority("secrets-ca");
            var server = ca.issue("daemon", dir.resolve("tls"));
            var client = ca.issue("browser", dir.resolve("tls"));
            try (StatusServer status = new StatusServer(() -> null, HealthCheck::healthy, () -> "tandem_up 1\n")) {
                int port = status.start(
                        "127.0.0.1",
                        0,
                        java.util.Optional.of(io.tandem.controller.access.TlsSettings.mutual(
                                server.certificate(), server.key(), server.authority(), "http.tls")));
                HttpClient http = HttpClient.newBuilder()
                        .sslContext(ClientTls.mutual(server.authority(), client.certificate(), client.key())
                                .sslContext())
                        .build();
                for (String path : List.of("/", "/healthz", "/metrics")) {
                    HttpResponse<String> r = http.send(
                            HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    seen.append(r.body());
                }
            }

            // operator commands against a secured ZooKeeper, with a right and a wrong credential
            try (TestingServer zk = new TestingServer(true)) {
                ZkPaths paths = ZkPaths.forCluster("tandem");
                var acls = security.acls(paths);
                try (CuratorFramework daemon = ZkClients.daemon(
                                zk.getConnectString(), security.zookeeperCredential(), acls)
                        .retryPolicy(new RetryOneTime(100))
                        .ensembleTracker(false)
                        .build()) {
                    daemon.start();
                    assertTrue(daemon.blockUntilConnected(10, TimeUnit.SECONDS));
                    ClusterAccess.secure(daemon, acls);
                    new OwnershipStore(daemon, paths).create(Ownership.initial("orders", "us-east"));
                }
                Path operator = dir.resolve("op.cred");
                Path wrong = Files.writeString(dir.resolve("wrong.cred"), "alice:" + PG_PASSWORD + "\n");
                for (Path cred : List.of(operator, wrong)) {
                    Run r = tandem("status", "--zookeeper=" + zk.getConnectString(), "--credential-file=" + cred);
                    seen.append(r.out).append(r.err);
                    Run s = tandem(
                            "switchover",
                            "--group=orders",
                            "--to=eu-west",
                            "--yes",
                            "--zookeeper=" + zk.getConnectString(),
                            "--credential-file=" + cred);
                    seen.append(s.out).append(s.err);
                }
            }
            seen.append(captured.text());
            assertTrue(captured.logLines() > 10, "the run logged too little to mean anything:\n" + captured.text());
        }
        String all = seen.toString();
        assertTrue(all.contains("good.yaml: ok"), all);
        for (String secret : SECRETS) {
            int at = all.indexOf(secret);
            assertFalse(
                    at >= 0,
                    "secret " + secret.substring(0, 4) + "… printed: ..."
                            + all.substring(Math.max(0, at - 300), Math.min(all.length(), at + 100)));
        }
    }
}
