package io.tandem.cli.config;

import static io.tandem.cli.config.Setting.optional;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The daemon's security settings, defined once: its ZooKeeper identity and the cluster's roster of
 * roles, TLS for its HTTP endpoint and its router, and what is passed through to Kafka and
 * PostgreSQL clients. Part of {@link DaemonSettings#CATALOG}; docs/security.md explains what each
 * protects. Settings marked secret are never printed.
 */
public final class SecuritySettings {
    private SecuritySettings() {}

    private static final String CLIENT_AUTH_DOC =
            " none: no client certificate asked; optional: checked when given; require: mutual TLS."
                    + " Default: require when a CA is set, else none.";

    public static final Setting<Optional<Path>> ZOOKEEPER_CREDENTIAL_FILE = optional(
            "zookeeper.credential-file",
            SettingType.maybe(SettingType.PATH),
            Optional.empty(),
            "File holding this daemon's ZooKeeper digest identity as one line user:password (role daemon)."
                    + " Required when the roster below names any identity.");

    public static final Setting<List<String>> ZOOKEEPER_ACL_DAEMON = optional(
            "zookeeper.acl.daemon",
            SettingType.LIST,
            List.of(),
            "Digest ids (user:base64-sha1, see docs/security.md) holding role daemon: may change ownership,"
                    + " leadership, membership and the audit trail. Empty on all three lists: no ACLs (open).");

    public static final Setting<List<String>> ZOOKEEPER_ACL_OPERATOR = optional(
            "zookeeper.acl.operator",
            SettingType.LIST,
            List.of(),
            "Digest ids holding role operator: may request switchovers and failovers and set cluster config.");

    public static final Setting<List<String>> ZOOKEEPER_ACL_READER = optional(
            "zookeeper.acl.reader",
            SettingType.LIST,
            List.of(),
            "Digest ids holding role reader: may read status (tandem status, routers).");

    public static final Setting<Optional<Path>> ZOOKEEPER_TLS_TRUSTSTORE = optional(
            "zookeeper.tls.truststore",
            SettingType.maybe(SettingType.PATH),
            Optional.empty(),
            "CA certificate(s) the ZooKeeper servers' certificates must chain to; set, the daemon talks to"
                    + " ZooKeeper over TLS only (zookeeper.connect then names the servers' secureClientPort). PEM,"
                    + " or PKCS#12 (.p12) / JKS (.jks) by file name.");

    public static final Setting<Optional<Path>> ZOOKEEPER_TLS_TRUSTSTORE_PASSWORD_FILE = optional(
            "zookeeper.tls.truststore-password-file",
            SettingType.maybe(SettingType.PATH),
            Optional.empty(),
            "File holding the password of a PKCS#12 or JKS zookeeper.tls.truststore (PEM needs none).");

    public static final Setting<Optional<Path>> ZOOKEEPER_TLS_KEYSTORE = optional(
            "zookeeper.tls.keystore",
            SettingType.maybe(SettingType.PATH),
            Optional.empty(),
            "This daemon's client certificate and key, for an ensemble that requires client certificates"
                    + " (ssl.clientAuth=need): one PEM file holding the PKCS#8 key and the certificate chain, or"
                    + " PKCS#12 / JKS.");

    public static final Setting<Optional<Path>> ZOOKEEPER_TLS_KEYSTORE_PASSWORD_FILE = optional(
            "zookeeper.tls.keystore-password-file",
            SettingType.maybe(SettingType.PATH),
            Optional.empty(),
            "File holding the password of zookeeper.tls.keystore; only its path is handed to ZooKeeper's"
                    + " client, never the value.");

    public static final Setting<Optional<Path>> HTTP_TLS_CERT = optional(
            "http.tls.cert",
            SettingType.maybe(SettingType.PATH),
            Optional.empty(),
            "PEM certificate chain of the daemon's HTTP endpoint; with http.tls.key it serves HTTPS only.");

    public static final Setting<Optional<Path>> HTTP_TLS_KEY = optional(
            "http.tls.key",
            SettingType.maybe(SettingType.PATH),
            Optional.empty(),
            "PEM unencrypted PKCS#8 private key of http.tls.cert (keep it readable by the daemon's user only).");

    public static final Setting<Optional<Path>> HTTP_TLS_CA = optional(
            "http.tls.ca",
            SettingType.maybe(SettingType.PATH),
            Optional.empty(),
            "PEM CA certificate(s) that clients' certificates must chain to (mutual TLS).");

    public static final Setting<Optional<String>> HTTP_TLS_CLIENT_AUTH = optional(
            "http.tls.client-auth",
            SettingType.maybe(SettingType.oneOf("none", "optional", "require")),
            Optional.empty(),
            "Client certificates on the daemon's HTTP endpoint." + CLIENT_AUTH_DOC);

    public static final Setting<Optional<Path>> ROUTER_TLS_CERT = optional(
            "router.tls.cert",
            SettingType.maybe(SettingType.PATH),
            Optional.empty(),
            "PEM certificate chain of the router's gRPC and HTTP endpoints; with router.tls.key they serve TLS only.");

    public static final Setting<Optional<Path>> ROUTER_TLS_KEY = optional(
            "router.tls.key",
            SettingType.maybe(SettingType.PATH),
            Optional.empty(),
            "PEM unencrypted PKCS#8 private key of router.tls.cert.");

    public static final Setting<Optional<Path>> ROUTER_TLS_CA = optional(
            "router.tls.ca",
            SettingType.maybe(SettingType.PATH),
            Optional.empty(),
            "PEM CA certificate(s) that router clients' certificates must chain to (mutual TLS).");

    public static final Setting<Optional<String>> ROUTER_TLS_CLIENT_AUTH = optional(
            "router.tls.client-auth",
            SettingType.maybe(SettingType.oneOf("none", "optional", "require")),
            Optional.empty(),
            "Client certificates on the router's endpoints." + CLIENT_AUTH_DOC);

    public static final Setting<String> KAFKA_SECURITY_PROTOCOL = optional(
            "kafka.security-protocol",
            SettingType.oneOf("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"),
            "PLAINTEXT",
            "Kafka security.protocol for every Kafka client of this daemon (its own cluster and the peers').");

    public static final Setting<String> KAFKA_SASL_MECHANISM = optional(
            "kafka.sasl.mechanism",
            SettingType.oneOf("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"),
            "SCRAM-SHA-512",
            "Kafka sasl.mechanism when the protocol is SASL_PLAINTEXT or SASL_SSL.");

    public static final Setting<Optional<String>> KAFKA_SASL_USERNAME = optional(
            "kafka.sasl.username",
            SettingType.maybe(SettingType.STRING),
            Optional.empty(),
            "Kafka SASL user name; required with a SASL protocol.");

    public static final Setting<Optional<String>> KAFKA_SASL_PASSWORD = optional(
                    "kafka.sasl.password",
                    SettingType.maybe(SettingType.STRING),
                    Optional.empty(),
                    "Kafka SASL password; required with a SASL protocol. Set it through the environment"
                            + " (TANDEM_KAFKA_SASL_PASSWORD), not in the file. Secret: never printed.")
            .asSecret();

    public static final Setting<Optional<Path>> KAFKA_SSL_TRUSTSTORE = optional(
            "kafka.ssl.truststore",
            SettingType.maybe(SettingType.PATH),
            Optional.empty(),
            "PEM CA certificate(s) the Kafka brokers' certificates must chain to (SSL, SASL_SSL); the JVM's"
                    + " default trust store when absent.");

    public static final Setting<Optional<String>> POSTGRES_PASSWORD = optional(
                    "postgres.password",
                    SettingType.maybe(SettingType.STRING),
                    Optional.empty(),
                    "Password of postgres.user. Set it through the environment (TANDEM_POSTGRES_PASSWORD), not in"
                            + " the file. Secret: never printed.")
            .asSecret();

    public static final Setting<String> POSTGRES_SSLMODE = optional(
            "postgres.sslmode",
            SettingType.oneOf("disable", "allow", "prefer", "require", "verify-ca", "verify-full"),
            "prefer",
            "PostgreSQL sslmode of every connection the daemon and tandem init open (apply, fences, schema"
                    + " bootstrap, heartbeat, Debezium's replication connection, its offset store). verify-full"
                    + " checks the server's certificate and host name (recommended across regions).");

    public static final Setting<Optional<Path>> POSTGRES_SSLROOTCERT = optional(
            "postgres.sslrootcert",
            SettingType.maybe(SettingType.PATH),
            Optional.empty(),
            "PEM CA certificate the PostgreSQL server's certificate must chain to (verify-ca, verify-full); a"
                    + " server certificate it does not sign is refused with an error naming this setting.");

    /** In the order the reference lists them. */
    public static final List<Setting<?>> ALL = List.of(
            ZOOKEEPER_CREDENTIAL_FILE,
            ZOOKEEPER_ACL_DAEMON,
            ZOOKEEPER_ACL_OPERATOR,
            ZOOKEEPER_ACL_READER,
            ZOOKEEPER_TLS_TRUSTSTORE,
            ZOOKEEPER_TLS_TRUSTSTORE_PASSWORD_FILE,
            ZOOKEEPER_TLS_KEYSTORE,
            ZOOKEEPER_TLS_KEYSTORE_PASSWORD_FILE,
            HTTP_TLS_CERT,
            HTTP_TLS_KEY,
            HTTP_TLS_CA,
            HTTP_TLS_CLIENT_AUTH,
            ROUTER_TLS_CERT,
            ROUTER_TLS_KEY,
            ROUTER_TLS_CA,
            ROUTER_TLS_CLIENT_AUTH,
            KAFKA_SECURITY_PROTOCOL,
            KAFKA_SASL_MECHANISM,
            KAFKA_SASL_USERNAME,
            KAFKA_SASL_PASSWORD,
            KAFKA_SSL_TRUSTSTORE,
            POSTGRES_PASSWORD,
            POSTGRES_SSLMODE,
            POSTGRES_SSLROOTCERT);
}
