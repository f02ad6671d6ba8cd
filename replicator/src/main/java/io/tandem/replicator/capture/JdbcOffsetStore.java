package io.tandem.replicator.capture;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;

/**
 * Debezium's offsets kept durably in the captured database itself, in {@code tandem.capture_offsets}
 * (one row per capture id): loaded in {@link #start()}, upserted on every {@link #save()}. The engine
 * instantiates it by class name and passes the settings {@value #URL}, {@value #USER},
 * {@value #PASSWORD} and {@value #ID}.
 */
public final class JdbcOffsetStore extends MemoryOffsetBackingStore {
    public static final String URL = "tandem.offsets.jdbc.url";
    public static final String USER = "tandem.offsets.jdbc.user";
    public static final String PASSWORD = "tandem.offsets.jdbc.password";
    public static final String ID = "tandem.offsets.id";

    private String url;
    private String user;
    private String password;
    private String id;
    private Connection connection;

    @Override
    public void configure(WorkerConfig config) {
        super.configure(config);
        Map<String, String> settings = config.originalsStrings();
        url = require(settings, URL);
        user = settings.get(USER);
        password = settings.get(PASSWORD);
        id = require(settings, ID);
    }

    private static String require(Map<String, String> settings, String key) {
        String value = settings.get(key);
        if (value == null || value.isBlank()) {
            throw new ConnectException("offset store setting " + key + " is missing");
        }
        return value;
    }

    @Override
    public synchronized void start() {
        super.start();
        try (PreparedStatement query =
                connection().prepareStatement("SELECT offsets FROM tandem.capture_offsets WHERE id = ?")) {
            query.setString(1, id);
            try (ResultSet rs = query.executeQuery()) {
                if (rs.next()) {
                    data.putAll(decode(rs.getBytes(1)));
                }
            }
        } catch (SQLException | IOException e) {
            throw new ConnectException("cannot load capture offsets " + id + " from tandem.capture_offsets", e);
        }
    }

    @Override
    protected synchronized void save() {
        try (PreparedStatement upsert = connection()
                .prepareStatement("INSERT INTO tandem.capture_offsets (id, offsets, updated_at) VALUES (?, ?, now())"
                        + " ON CONFLICT (id) DO UPDATE SET offsets = EXCLUDED.offsets, updated_at = now()")) {
            upsert.setString(1, id);
            upsert.setBytes(2, encode(data));
            upsert.executeUpdate();
        } catch (SQLException e) {
            closeConnection();
            throw new ConnectException("cannot save capture offsets " + id + " to tandem.capture_offsets", e);
        }
    }

    @Override
    public synchronized void stop() {
        super.stop();
        closeConnection();
    }

    @Override
    public Set<Map<String, Object>> connectorPartitions(String connectorName) {
        return Set.of();
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = DriverManager.getConnection(url, user, password);
            connection.setAutoCommit(true);
        }
        return connection;
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // The connection is being discarded after a failure or at stop; nothing else to do.
                org.slf4j.LoggerFactory.getLogger(JdbcOffsetStore.class)
                        .debug("closing the offset store connection failed: {}", e.toString());
            }
            connection = null;
        }
    }

    static byte[] encode(Map<ByteBuffer, ByteBuffer> entries) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(entries.size());
            for (Map.Entry<ByteBuffer, ByteBuffer> e : entries.entrySet()) {
                write(out, e.getKey());
                write(out, e.getValue());
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
    }

    private static void write(DataOutputStream out, ByteBuffer buffer) throws IOException {
        if (buffer == null) {
            out.writeInt(-1);
            return;
        }
        ByteBuffer copy = buffer.duplicate();
        byte[] b = new byte[copy.remaining()];
        copy.get(b);
        out.writeInt(b.length);
        out.write(b);
    }

    static Map<ByteBuffer, ByteBuffer> decode(byte[] stored) throws IOException {
        Map<ByteBuffer, ByteBuffer> entries = new HashMap<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored))) {
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                entries.put(read(in), read(in));
            }
        }
        return entries;
    }

    private static ByteBuffer read(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] b = new byte[length];
        in.readFully(b);
        return ByteBuffer.wrap(b);
    }
}
