package io.tandem.cli.security;

import io.tandem.cli.config.Config;
import io.tandem.cli.config.ConfigException;
import io.tandem.cli.config.SecuritySettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * How this daemon's Kafka clients (its producer and its consumers of peer regions) authenticate
 * and encrypt: passed through to Kafka's own client settings.
 *
 * @param protocol Kafka {@code security.protocol}
 * @param mechanism Kafka {@code sasl.mechanism}, used with a SASL protocol
 * @param username SASL user name
 * @param password SASL password (never printed)
 * @param truststore PEM CA file for the brokers' certificates
 */
public record KafkaSecurity(
        String protocol,
        String mechanism,
        Optional<String> username,
        Optional<String> password,
        Optional<Path> truststore) {

    public KafkaSecurity {
        List<ConfigException.Problem> problems = new ArrayList<>();
        if (protocol.startsWith("SASL_")) {
            if (username.isEmpty()) {
                problems.add(problem(SecuritySettings.KAFKA_SASL_USERNAME.key(), "is required with " + protocol));
            }
            if (password.isEmpty()) {
                problems.add(problem(
                        SecuritySettings.KAFKA_SASL_PASSWORD.key(),
                        "is required with " + protocol + "; set TANDEM_KAFKA_SASL_PASSWORD"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    /** Kafka without TLS or SASL. */
    public static KafkaSecurity plaintext() {
        return new KafkaSecurity("PLAINTEXT", "SCRAM-SHA-512", Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static KafkaSecurity from(Config config) {
        return new KafkaSecurity(
                config.get(SecuritySettings.KAFKA_SECURITY_PROTOCOL),
                config.get(SecuritySettings.KAFKA_SASL_MECHANISM),
                config.get(SecuritySettings.KAFKA_SASL_USERNAME),
                config.get(SecuritySettings.KAFKA_SASL_PASSWORD),
                config.get(SecuritySettings.KAFKA_SSL_TRUSTSTORE));
    }

    /**
     * The properties to add to every Kafka producer, consumer and admin client config. The JAAS
     * line carrying the password is a Kafka PASSWORD setting, which Kafka logs as {@code [hidden]}.
     */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.setProperty("security.protocol", protocol);
        if (protocol.startsWith("SASL_")) {
            p.setProperty("sasl.mechanism", mechanism);
            String module = mechanism.equals("PLAIN")
                    ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                    : "org.apache.kafka.common.security.scram.ScramLoginModule";
            p.setProperty(
                    "sasl.jaas.config",
                    module + " required username=\"" + jaas(username.orElseThrow()) + "\" password=\""
                            + jaas(password.orElseThrow()) + "\";");
        }
        if (protocol.endsWith("SSL")) {
            truststore.ifPresent(file -> {
                p.setProperty("ssl.truststore.type", "PEM");
                p.setProperty("ssl.truststore.location", file.toString());
            });
        }
        return p;
    }

    private static String jaas(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static ConfigException.Problem problem(String key, String reason) {
        return new ConfigException.Problem(key, "configuration", reason);
    }

    @Override
    public String toString() {
        return "KafkaSecurity[protocol=" + protocol + ", mechanism=" + mechanism + ", username="
                + username.orElse("none") + ", password=" + (password.isPresent() ? "****" : "none")
                + ", truststore=" + truststore.map(Path::toString).orElse("none") + "]";
    }
}
