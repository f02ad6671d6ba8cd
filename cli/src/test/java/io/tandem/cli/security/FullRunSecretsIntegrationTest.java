package io.tandem.cli.security;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tandem.cli.cluster.ClusterConfigCodec;
import io.tandem.cli.cluster.ClusterConfigStore;
import io.tandem.cli.config.ConfigException;
import io.tandem.cli.config.ConfigLoader;
import io.tandem.cli.config.DaemonSettings;
import io.tandem.cli.daemon.RegionDaemon;
import io.tandem.cli.daemon.TlsPostgres;
import io.tandem.controller.ZkPaths;
import io.tandem.controller.access.ClientTls;
import io.tandem.controller.access.ClusterAcls;
import io.tandem.controller.access.Credential;
import io.tandem.controller.access.ZkClients;
import io.tandem.controller.access.ZkTls;
import io.tandem.controller.intent.Intent;
import io.tandem.controller.intent.IntentStore;
import io.tandem.controller.ownership.OwnershipState;
import io.tandem.controller.ownership.OwnershipStore;
import io.tandem.embedded.kafka.KafkaBroker;
import io.tandem.embedded.kafka.KafkaSettings;
import io.tandem.embedded.postgres.PostgresServer;
import io.tandem.embedded.tls.TestCertificates;
import io.tandem.embedded.zookeeper.SecureZooKeeper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full two-region run with every secret configured — PostgreSQL passwords (scram over TLS), a
 * Kafka SASL/PLAIN password, the daemons' and the operator's ZooKeeper credentials (digest ACLs, over
 * a TLS-only ZooKeeper), the status page's TLS key — driven through replication both ways, a
 * switchover, bad requests and a refused client; then everything printed and logged (DEBUG for
 * Tandem, Kafka, ZooKeeper, Curator), every server log file, and {@code /}, {@code /api/status},
 * {@code /healthz} and {@code /metrics} of both daemons are searched for each secret value.
 */
@DisabledIfSystemProperty(named = "skipITs", matches = "true", disabledReason = "needs real servers")
class FullRunSecretsIntegrationTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String PG_PASSWORD = "pg-Secret-Fr9q1";
    private static final String KAFKA_PASSWORD = "kafka-Secret-Wz4m8";
    private static final String ZK_PASSWORD = "zk-Secret-Hy2c5";
    private static final String OPERATOR_PASSWORD = "op-Secret-Jd7v3";
    private static final String BROKER_PASSWORD = "broker-Secret-Lk6t0";
    private static final List<String> REGIONS = List.of("us-east", "eu-west");
    private static final String CLUSTER = "secrets";
    private static final String CONFIG = """
            regions: [us-east, eu-west]
            shards: 2
            groups:
              - {name: g-us, owner: us-east}
            tables:
              - {name: public.notes, key: [id], mode: multi-writer, policy: lww}
              - {name: public.orders, key: [id], mode: owned, shard-key: customer, policy: lww}
            """;

    @TempDir
    Path dir;

    @Test
    void noConfiguredSecretAppearsInAnythingAFullRunPrintsOrServes() throws Exception {
        StringBuilder seen = new StringBuilder();
        List<String> secrets =
                new ArrayList<>(List.of(PG_PASSWORD, KAFKA_PASSWORD, ZK_PASSWORD, OPERATOR_PASSWORD, BROKER_PASSWORD));
        List<AutoCloseable> resources = new ArrayList<>();
        Map<String, RegionDaemon> daemons = new LinkedHashMap<>();
        try (CapturedOutput captured = new CapturedOutput()) {
            try {
                TestCertificates ca = TestCertificates.authority("full-run-ca");
                Path tls = dir.resolve("tls");
                TestCertificates.Issued http = ca.issue("daemon-http", tls);
                TestCertificates.Issued browser = ca.issue("browser", tls);
                secrets.add(keyBody(http.key()));
                Path caFile = http.authority();

                SecureZooKeeper zk = SecureZooKeeper.start(ca, false, dir);
                resources.add(zk);
                KafkaBroker kafka = KafkaBroker.start(saslBroker());
                resources.add(kafka);
                Map<String, PostgresServer> pg = new LinkedHashMap<>();
                for (String region : REGIONS) {
                    PostgresServer server = TlsPostgres.start(
                                    region,
                                    ca,
                                    dir,
                                    "hostssl all postgres 127.0.0.1/32 trust\n"
                                            + "hostssl all tandem 127.0.0.1/32 scram-sha-256\n"
                                            + "hostssl replication tandem 127.0.0.1/32 scram-sha-256\n")
                            .server();
                    resources.add(server);
                    pg.put(region, server);
                    exec(
                            server,
                            "SET password_encryption = 'scram-sha-256'; CREATE ROLE tandem LOGIN SUPERUSER"
                                    + " REPLICATION PASSWORD '" + PG_PASSWORD + "'");
                    exec(
                            server,
                            "CREATE TABLE public.notes (id bigint PRIMARY KEY, body text);"
                                    + "CREATE TABLE public.orders (id bigint PRIMARY KEY, customer text NOT NULL, total int)");
                }

                Path daemonCred = Files.writeString(dir.resolve("zk-daemon.cred"), "tandem:" + ZK_PASSWORD + "\n");
                Path operatorCred = Files.writeString(dir.resolve("zk-op.cred"), "alice:" + OPERATOR_PASSWORD + "\n");
                Credential operator = Credential.fromFile(operatorCred);
                Map<String, String> env =
                        Map.of("TANDEM_POSTGRES_PASSWORD", PG_PASSWORD, "TANDEM_KAFKA_SASL_PASSWORD", KAFKA_PASSWORD);
                ZkPaths paths = ZkPaths.forCluster(CLUSTER);
                ZkTls zkTls = ZkTls.trusting(caFile, "zookeeper.tls");

                // A daemon that does not trust the ZooKeeper's CA is refused at start, naming the setting.
                Path otherCa = TestCertificates.authority("other-ca").authorityFile(dir.resolve("other"));
                try (RegionDaemon wrong = daemon(
                        yaml("us-east", pg.get("us-east"), kafka, zk, daemonCred, operator, caFile, http)
                                .replace("truststore: " + caFile, "truststore: " + otherCa),
                        env)) {
                    IllegalStateException refused = assertThrows(IllegalStateException.class, wrong::start);
                    assertTrue(refused.getMessage().contains("zookeeper.tls.truststore"), refused.getMessage());
                    seen.append(refused.getMessage()).append('\n');
                }

                for (String region : REGIONS) {
                    RegionDaemon d =
                            daemon(yaml(region, pg.get(region), kafka, zk, daemonCred, operator, caFile, http), env);
                    daemons.put(region, d);
                    d.start();
                }
                ClusterAcls operatorAcls = ClusterAcls.unknown(paths);
                try (CuratorFramework op = ZkClients.builder(
                                zk.connectString(), Optional.of(operator), operatorAcls, Optional.of(zkTls))
                        .ensembleTracker(false)
                        .retryPolicy(new ExponentialBackoffRetry(100, 5))
                        .build()) {
                    op.start();
                    assertTrue(op.blockUntilConnected(30, TimeUnit.SECONDS));
                    operatorAcls.load(op);
                    new ClusterConfigStore(op, paths).set(ClusterConfigCodec.parse(CONFIG, "test"));
                    for (RegionDaemon d : daemons.values()) {
                        assertTrue(d.awaitReplicating(DEADLINE), d.region() + " did not start replicating");
                    }

                    // writes both ways
                    exec(pg.get("us-east"), "INSERT INTO public.notes VALUES (1, 'from us-east')");
                    exec(pg.get("eu-west"), "INSERT INTO public.notes VALUES (2, 'from eu-west')");
                    for (PostgresServer server : pg.values()) {
                        await().atMost(DEADLINE)
                                .untilAsserted(() -> assertEquals(
                                        List.of("from us-east", "from eu-west"),
                                        column(server, "SELECT body FROM public.notes ORDER BY id")));
                    }

                    // a switchover, requested as the operator
                    await().atMost(DEADLINE).ignoreExceptions().until(() -> {
                        exec(
                                pg.get("us-east"),
                                "INSERT INTO public.orders VALUES (1, 'c1', 10) ON CONFLICT DO NOTHING");
                        return true;
                    });
                    new IntentStore(op, paths)
                            .submit(Intent.switchover(
                                    "full-run",
                                    "g-us",
                                    "eu-west",
                                    Duration.ofSeconds(30),
                                    System.currentTimeMillis(),
                                    "secrets test"));
                    OwnershipStore ownership = new OwnershipStore(op, paths);
                    await().atMost(DEADLINE).untilAsserted(() -> {
                        var o = ownership.read("g-us").orElseThrow().value();
                        assertEquals("eu-west", o.owner());
                        assertEquals(OwnershipState.ACTIVE, o.state());
                    });

                    // bad input: an invalid cluster configuration
                    try {
                        ClusterConfigCodec.parse("regions: [us-east]\nshards: -1\n", "bad.yaml");
                    } catch (ConfigException | IllegalArgumentException e) {
                        seen.append(e.getMessage()).append('\n');
                    }
                }

                // the daemons' HTTP endpoints over mutual TLS, plus bad requests
                HttpClient client = HttpClient.newBuilder()
                        .sslContext(ClientTls.mutual(caFile, browser.certificate(), browser.key())
                                .sslContext())
                        .build();
                for (RegionDaemon d : daemons.values()) {
                    for (String path :
                            List.of("/", "/api/status", "/healthz", "/metrics", "/nope", "/..%2f..%2fetc%2fpasswd")) {
                        HttpResponse<String> r = client.send(
                                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + d.httpPort() + path))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                        seen.append(path)
                                .append(' ')
                                .append(r.statusCode())
                                .append(' ')
                                .append(r.body())
                                .append('\n');
                    }
                    HttpResponse<String> post = client.send(
                            HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + d.httpPort() + "/api/status"))
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"password\":" + "1".repeat(10_000)))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    seen.append("POST ")
                            .append(post.statusCode())
                            .append(' ')
                            .append(post.body())
                            .append('\n');
                    seen.append(garbage(d.httpPort(), caFile, browser)).append('\n');
                }
                await().atMost(DEADLINE).untilAsserted(() -> {
                    for (RegionDaemon d : daemons.values()) {
                        HttpResponse<String> r = client.send(
                                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + d.httpPort() + "/healthz"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                        assertEquals(200, r.statusCode(), d.region() + ": " + r.body());
                    }
                });
            } finally {
                daemons.values().forEach(RegionDaemon::close);
                for (int i = resources.size() - 1; i >= 0; i--) {
                    try {
                        resources.get(i).close();
                    } catch (Exception e) {
                        System.err.println("closing " + resources.get(i) + ": " + e);
                    }
                }
            }
            seen.append(captured.text());
            assertTrue(captured.logLines() > 100, "the run logged too little to mean anything:\n" + captured.text());
        }
        seen.append(logFiles());
        String all = seen.toString();
        assertTrue(all.contains("from us-east") || all.contains("tandem_"), "the output holds the run");
        for (String secret : secrets) {
            int at = all.indexOf(secret);
            assertFalse(
                    at >= 0,
                    "secret " + secret.substring(0, 4) + "… printed: ..."
                            + all.substring(Math.max(0, at - 400), Math.min(all.length(), at + 100)));
        }
    }

    /** A broker whose client listener takes SASL/PLAIN only: user tandem (the daemons) and the broker itself. */
    private KafkaSettings saslBroker() {
        String jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"broker\""
                + " password=\"" + BROKER_PASSWORD + "\" user_broker=\"" + BROKER_PASSWORD + "\" user_tandem=\""
                + KAFKA_PASSWORD + "\";";
        return KafkaSettings.of("secrets")
                .withBaseDir(dir)
                .withOverride("listener.security.protocol.map", "PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT")
                .withOverride("sasl.enabled.mechanisms", "PLAIN")
                .withOverride("sasl.mechanism.inter.broker.protocol", "PLAIN")
                .withOverride("listener.name.plaintext.sasl.enabled.mechanisms", "PLAIN")
                .withOverride("listener.name.plaintext.plain.sasl.jaas.config", jaas);
    }

    private static String yaml(
            String region,
            PostgresServer pg,
            KafkaBroker kafka,
            SecureZooKeeper zk,
            Path daemonCred,
            Credential operator,
            Path ca,
            TestCertificates.Issued http) {
        String peer = region.equals("us-east") ? "eu-west" : "us-east";
        return """
                cluster: %s
                region: %s
                postgres:
                  url: jdbc:postgresql://127.0.0.1:%d/postgres
                  user: tandem
                  sslmode: verify-full
                  sslrootcert: %s
                kafka:
                  bootstrap: %s
                  security-protocol: SASL_PLAINTEXT
                  sasl:
                    mechanism: PLAIN
                    username: tandem
                peers:
                  %s:
                    kafka: %s
                zookeeper:
                  connect: %s
                  session-timeout: 2s
                  credential-file: %s
                  tls:
                    truststore: %s
                  acl:
                    daemon: [%s]
                    operator: [%s]
                http:
                  port: 0
                  tls:
                    cert: %s
                    key: %s
                    ca: %s
                capture:
                  heartbeat-interval: 200ms
                """.formatted(
                        CLUSTER,
                        region,
                        pg.port(),
                        ca,
                        kafka.bootstrapServers(),
                        peer,
                        kafka.bootstrapServers(),
                        zk.connectString(),
                        daemonCred,
                        ca,
                        Credential.fromFile(daemonCred).digestId(),
                        operator.digestId(),
                        http.certificate(),
                        http.key(),
                        ca);
    }

    private static RegionDaemon daemon(String yaml, Map<String, String> env) {
        var config = new ConfigLoader(DaemonSettings.CATALOG, env::get).parse(yaml, "region.yaml");
        return RegionDaemon.of(
                config, env::get, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
    }

    /** Raw bytes that are not HTTP, over TLS, and whatever comes back. */
    private static String garbage(int port, Path ca, TestCertificates.Issued client) throws IOException {
        var context = ClientTls.mutual(ca, client.certificate(), client.key()).sslContext();
        try (SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write("\u0000\u0001GARBAGE / HTTP/9.9\r\nX: \r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readNBytes(4096), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Every log file the servers wrote under the test directory (PostgreSQL, the ZooKeeper child). */
    private String logFiles() throws IOException {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".log"))
                    .toList()) {
                if (Files.isRegularFile(f) && Files.size(f) < 50_000_000) {
                    text.append(Files.readString(f, StandardCharsets.ISO_8859_1));
                }
            }
        }
        return text.toString();
    }

    private static String keyBody(Path pem) throws IOException {
        String text = Files.readString(pem);
        return text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "").substring(0, 40);
    }

    private static void exec(PostgresServer pg, String sql) throws SQLException {
        pg.execute(sql);
    }

    private static List<String> column(PostgresServer pg, String sql) throws SQLException {
        return pg.column(sql);
    }
}
