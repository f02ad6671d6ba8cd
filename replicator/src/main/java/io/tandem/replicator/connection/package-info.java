/**
 * How Tandem's connections to a region's PostgreSQL are secured ({@link
 * io.tandem.replicator.connection.DatabaseTls}), in one place for every JDBC and Debezium connection.
 */
package io.tandem.replicator.connection;
