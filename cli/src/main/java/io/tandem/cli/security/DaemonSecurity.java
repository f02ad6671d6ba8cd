package io.tandem.cli.security;

import io.tandem.cli.config.Config;
import io.tandem.cli.config.ConfigException;
import io.tandem.cli.config.SecuritySettings;
import io.tandem.cli.config.Setting;
import io.tandem.controller.ZkPaths;
import io.tandem.controller.access.ClientAuth;
import io.tandem.controller.access.ClusterAcls;
import io.tandem.controller.access.Credential;
import io.tandem.controller.access.Role;
import io.tandem.controller.access.Roster;
import io.tandem.controller.access.TlsSettings;
import io.tandem.controller.access.ZkTls;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Everything security-related the daemon needs from its configuration, validated together: every
 * problem is reported at once, each naming its key and never a secret's value.
 *
 * <p>How the daemon uses it: build its Curator client with {@code
 * ZkClients.daemon(connect, zookeeperCredential(), acls(paths), zookeeperTls())}, call {@code
 * ClusterAccess.secure(client, acls)} once connected, serve the status page with {@link #http()},
 * the router with {@link #router()}, add {@code kafka().clientProperties()} to every Kafka client and
 * use {@code postgres().jdbcProperties()} for every connection.
 */
public record DaemonSecurity(
        Optional<Credential> zookeeperCredential,
        Optional<ZkTls> zookeeperTls,
        Roster roster,
        Optional<TlsSettings> http,
        Optional<TlsSettings> router,
        KafkaSecurity kafka,
        PostgresSecurity postgres) {

    /** @throws ConfigException listing every problem */
    public static DaemonSecurity from(Config config) {
        List<ConfigException.Problem> problems = new ArrayList<>();
        Optional<Credential> credential =
                collect(problems, SecuritySettings.ZOOKEEPER_CREDENTIAL_FILE, () -> config.get(
                                SecuritySettings.ZOOKEEPER_CREDENTIAL_FILE)
                        .map(Credential::fromFile));
        Roster roster = collect(
                problems,
                SecuritySettings.ZOOKEEPER_ACL_DAEMON,
                () -> Roster.of(Map.of(
                        Role.DAEMON, config.get(SecuritySettings.ZOOKEEPER_ACL_DAEMON),
                        Role.OPERATOR, config.get(SecuritySettings.ZOOKEEPER_ACL_OPERATOR),
                        Role.READER, config.get(SecuritySettings.ZOOKEEPER_ACL_READER))));
        if (roster != null && !roster.isOpen() && credential != null) {
            if (credential.isEmpty()) {
                problems.add(new ConfigException.Problem(
                        SecuritySettings.ZOOKEEPER_CREDENTIAL_FILE.key(),
                        "configuration",
                        "is required: zookeeper.acl.* name identities, so the daemon needs its own"));
            } else if (roster.roleOf(credential.get().digestId()).orElse(null) != Role.DAEMON) {
                problems.add(new ConfigException.Problem(
                        SecuritySettings.ZOOKEEPER_CREDENTIAL_FILE.key(),
                        "configuration",
                        "identity '" + credential.get().user() + "' is not listed in zookeeper.acl.daemon; add its"
                                + " digest id " + credential.get().digestId()));
            }
        }
        Optional<ZkTls> zookeeperTls = collect(
                problems,
                SecuritySettings.ZOOKEEPER_TLS_TRUSTSTORE,
                () -> ZkTls.of(
                        config.get(SecuritySettings.ZOOKEEPER_TLS_TRUSTSTORE),
                        config.get(SecuritySettings.ZOOKEEPER_TLS_TRUSTSTORE_PASSWORD_FILE),
                        config.get(SecuritySettings.ZOOKEEPER_TLS_KEYSTORE),
                        config.get(SecuritySettings.ZOOKEEPER_TLS_KEYSTORE_PASSWORD_FILE),
                        "zookeeper.tls"));
        Optional<TlsSettings> http = collect(
                problems,
                SecuritySettings.HTTP_TLS_CERT,
                () -> tls(
                        config,
                        "http.tls",
                        SecuritySettings.HTTP_TLS_CERT,
                        SecuritySettings.HTTP_TLS_KEY,
                        SecuritySettings.HTTP_TLS_CA,
                        SecuritySettings.HTTP_TLS_CLIENT_AUTH));
        Optional<TlsSettings> router = collect(
                problems,
                SecuritySettings.ROUTER_TLS_CERT,
                () -> tls(
                        config,
                        "router.tls",
                        SecuritySettings.ROUTER_TLS_CERT,
                        SecuritySettings.ROUTER_TLS_KEY,
                        SecuritySettings.ROUTER_TLS_CA,
                        SecuritySettings.ROUTER_TLS_CLIENT_AUTH));
        KafkaSecurity kafka = null;
        try {
            kafka = KafkaSecurity.from(config);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        PostgresSecurity postgres = PostgresSecurity.from(config);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new DaemonSecurity(credential, zookeeperTls, roster, http, router, kafka, postgres);
    }

    /** The ACL provider for this cluster's nodes, with the configured roster. */
    public ClusterAcls acls(ZkPaths paths) {
        return new ClusterAcls(paths, roster);
    }

    private static Optional<TlsSettings> tls(
            Config config,
            String prefix,
            Setting<Optional<Path>> cert,
            Setting<Optional<Path>> key,
            Setting<Optional<Path>> ca,
            Setting<Optional<String>> clientAuth) {
        Optional<Path> authority = config.get(ca);
        ClientAuth auth = config.get(clientAuth)
                .map(text -> ClientAuth.parse(text, clientAuth.key()))
                .orElse(authority.isPresent() ? ClientAuth.REQUIRE : ClientAuth.NONE);
        Optional<TlsSettings> tls = TlsSettings.of(config.get(cert), config.get(key), authority, auth, prefix);
        tls.ifPresent(TlsSettings::sslContext); // reads the files now, so a bad one is reported with the config
        return tls;
    }

    private static <T> T collect(List<ConfigException.Problem> problems, Setting<?> setting, Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            problems.add(new ConfigException.Problem(setting.key(), "configuration", e.getMessage()));
            return null;
        }
    }

    @Override
    public String toString() {
        return "DaemonSecurity[zookeeper identity="
                + zookeeperCredential.map(Credential::user).orElse("none") + ", zookeeper TLS="
                + zookeeperTls.isPresent()
                + ", roles " + (roster.isOpen() ? "off" : "on") + ", http TLS=" + http.isPresent() + ", router TLS="
                + router.isPresent() + ", " + kafka + ", " + postgres + "]";
    }
}
