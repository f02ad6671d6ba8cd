package io.tandem.replicator.schema;

/**
 * The database does not match the configuration in a way the bootstrap will not fix by itself (a
 * missing table, a table without a primary key, a different primary key, a database that belongs to
 * another region). Permanent: retrying does not help; the message says what to change.
 */
public final class SchemaBootstrapException extends RuntimeException {
    public SchemaBootstrapException(String message) {
        super(message);
    }
}
