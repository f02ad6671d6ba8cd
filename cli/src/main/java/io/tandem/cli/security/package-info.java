/**
 * The daemon's security settings turned into what its clients and servers use: the ZooKeeper
 * identity and roster ({@link io.tandem.cli.security.DaemonSecurity}), Kafka client properties
 * ({@link io.tandem.cli.security.KafkaSecurity}) and PostgreSQL JDBC properties
 * ({@link io.tandem.cli.security.PostgresSecurity}). None of their {@code toString()}s shows a secret.
 */
package io.tandem.cli.security;
