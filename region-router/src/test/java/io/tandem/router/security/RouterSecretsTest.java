package io.tandem.router.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import io.tandem.controller.ZkPaths;
import io.tandem.controller.access.ClientTls;
import io.tandem.controller.access.ClusterAccess;
import io.tandem.controller.access.ClusterAcls;
import io.tandem.controller.access.Credential;
import io.tandem.controller.access.Role;
import io.tandem.controller.access.Roster;
import io.tandem.controller.access.ZkClients;
import io.tandem.controller.ownership.Ownership;
import io.tandem.controller.ownership.OwnershipStore;
import io.tandem.embedded.tls.TestCertificates;
import io.tandem.router.RouterMain;
import io.tandem.router.StandaloneRouter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Starts and stops a router whose ZooKeeper identity and TLS key are configured, once with a
 * credential the cluster accepts and once with a wrong one, capturing stdout, stderr and DEBUG
 * logs, and greps them for the passwords.
 */
class RouterSecretsTest {
    private static final String ROUTER_PASSWORD = "router-Secret-H8w19";
    private static final String WRONG_PASSWORD = "wrong-Secret-K2v07";

    @TempDir
    Path dir;

    @Test
    void theRoutersPasswordNeverAppearsInItsOutput() throws Exception {
        Credential daemon = new Credential("tandem", "daemon-pw");
        Credential router = new Credential("router", ROUTER_PASSWORD);
        ZkPaths paths = ZkPaths.forCluster("shop");
        Roster roster =
                Roster.of(Map.of(Role.DAEMON, List.of(daemon.digestId()), Role.READER, List.of(router.digestId())));
        var tls = TestCertificates.authority("router-ca").issue("router", dir.resolve("tls"));
        StringBuilder seen = new StringBuilder();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent e) {
                seen.append(e.getFormattedMessage()).append('\n');
                if (e.getThrowableProxy() != null) {
                    seen.append(ThrowableProxyUtil.asString(e.getThrowableProxy()))
                            .append('\n');
                }
            }
        };
        List<String> loud = List.of("io.tandem", "org.apache.zookeeper", "org.apache.curator");
        Map<String, Level> levels = new java.util.HashMap<>();
        loud.forEach(n -> levels.put(n, context.getLogger(n).getLevel()));
        try (TestingServer zk = new TestingServer(true)) {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            loud.forEach(n -> context.getLogger(n).setLevel(Level.DEBUG));
            appender.setContext(context);
            appender.start();
            context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);

            ClusterAcls acls = new ClusterAcls(paths, roster);
            try (CuratorFramework client = ZkClients.daemon(zk.getConnectString(), Optional.of(daemon), acls)
                    .retryPolicy(new RetryOneTime(100))
                    .ensembleTracker(false)
                    .build()) {
                client.start();
                assertTrue(client.blockUntilConnected(10, TimeUnit.SECONDS));
                ClusterAccess.secure(client, acls);
                new OwnershipStore(client, paths).create(Ownership.initial("orders-a", "us-east"));
            }
            for (String password : List.of(ROUTER_PASSWORD, WRONG_PASSWORD)) {
                Path cred = Files.writeString(
                        dir.resolve("router-" + password.length() + password.charAt(0)), "router:" + password + "\n");
                Path config = Files.writeString(dir.resolve("router.json"), """
                        {"region": "us-east", "grpc_port": 0, "http_port": 0,
                         "zookeeper": {"connect": "%s", "cluster": "shop", "credential_file": "%s"},
                         "tls": {"cert": "%s", "key": "%s"},
                         "groups": ["orders-a"], "latency": {"us-east": ["us-east"]}}
                        """.formatted(
                                zk.getConnectString(), cred, tls.certificate(), tls.key()));
                Optional<StandaloneRouter> started = launch(config);
                assertTrue(started.isPresent(), bytes.toString(StandardCharsets.UTF_8));
                try (StandaloneRouter r = started.get()) {
                    if (password.equals(ROUTER_PASSWORD)) {
                        assertTrue(
                                r.maps().awaitInitialized(Duration.ofSeconds(5)),
                                "the router's reader identity reads the map");
                        assertEquals(1, r.maps().current().groups().size());
                    } else {
                        IllegalStateException refused = assertThrows(
                                IllegalStateException.class, () -> r.maps().awaitInitialized(Duration.ofSeconds(5)));
                        seen.append(refused.getMessage()).append('\n');
                    }
                    HttpResponse<String> status = HttpClient.newBuilder()
                            .sslContext(ClientTls.trusting(tls.authority()).sslContext())
                            .build()
                            .send(
                                    HttpRequest.newBuilder(URI.create("https://127.0.0.1:"
                                                    + r.router().httpPort() + "/status"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                    seen.append(status.body());
                }
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
            context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
            appender.stop();
            levels.forEach((n, l) -> context.getLogger(n).setLevel(l));
        }
        String all = seen + bytes.toString(StandardCharsets.UTF_8);
        assertTrue(all.length() > 1000, "too little output to mean anything: " + all);
        for (String secret : List.of(ROUTER_PASSWORD, WRONG_PASSWORD, "daemon-pw")) {
            int at = all.indexOf(secret);
            assertFalse(
                    at >= 0,
                    "secret printed: ..." + all.substring(Math.max(0, at - 300), Math.min(all.length(), at + 50)));
        }
    }

    private static Optional<StandaloneRouter> launch(Path config) throws Exception {
        var launch = RouterMain.class.getDeclaredMethod("launch", String[].class, PrintStream.class);
        launch.setAccessible(true);
        @SuppressWarnings("unchecked")
        Optional<StandaloneRouter> started =
                (Optional<StandaloneRouter>) launch.invoke(null, new String[] {config.toString()}, System.err);
        return started;
    }
}
