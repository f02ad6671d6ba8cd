package io.tandem.replicator.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.embedded.postgres.PostgresServer;
import io.tandem.embedded.postgres.PostgresSettings;
import io.tandem.replicator.config.TableMode;
import io.tandem.replicator.config.TableSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Three regions as three databases of one real PostgreSQL server. */
class TableVerifierTest {
    private static final List<String> REGIONS = List.of("us_east", "eu_west", "ap_south");
    private static final TableSpec ORDERS =
            new TableSpec("public.orders", List.of("id"), TableMode.MULTI_WRITER, null, null, null);
    private static final TableSpec LINES =
            new TableSpec("public.lines", List.of("order_id", "line"), TableMode.MULTI_WRITER, null, null, null);
    private static PostgresServer postgres;

    @BeforeAll
    static void start() {
        postgres = PostgresServer.start(PostgresSettings.of("verify"));
        REGIONS.forEach(postgres::createDatabase);
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void identicalTables() throws SQLException {
        for (String region : REGIONS) {
            sql(region, "DROP TABLE IF EXISTS orders, lines");
            sql(
                    region,
                    "CREATE TABLE orders (id bigint PRIMARY KEY, status text, amount numeric(12,2),"
                            + " tandem_applied_from text)");
            sql(region, "INSERT INTO orders SELECT g, 'new', g / 100.0, NULL FROM generate_series(1, 20000) g");
            sql(region, "CREATE TABLE lines (order_id bigint, line int, sku text, PRIMARY KEY (order_id, line))");
            sql(region, "INSERT INTO lines SELECT g / 4, g % 4, 'sku-' || g FROM generate_series(1, 4000) g");
        }
    }

    private static void sql(String region, String statement) throws SQLException {
        try (Connection c = postgres.dataSource(region).getConnection();
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static List<RegionDatabase> regions() {
        return REGIONS.stream()
                .map(r -> new RegionDatabase(r, postgres.dataSource(r)))
                .toList();
    }

    @Test
    void identicalTablesAreConfirmedWithOneChecksumPerRegion() throws SQLException {
        VerifyReport report = new TableVerifier(ORDERS, regions()).verify();
        assertTrue(report.consistent(), report.differences().toString());
        assertEquals(1, report.rangesCompared());
        assertEquals(20000L, report.rowsByRegion().get("eu_west"));
    }

    @Test
    void findsChangedMissingAndExtraRowsByNarrowing() throws SQLException {
        sql("eu_west", "UPDATE orders SET status = 'paid' WHERE id = 7777");
        sql("ap_south", "DELETE FROM orders WHERE id = 15001");
        sql("us_east", "INSERT INTO orders VALUES (20001, 'new', 1.00, NULL)");
        VerifyReport report = new TableVerifier(ORDERS, regions()).verify();

        assertEquals(3, report.differences().size(), report.differences().toString());
        var changed = report.differences().stream()
                .filter(d -> d.key().equals("{\"id\" : 7777}"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("7777 not reported: " + report.differences()));
        assertTrue(changed.rows().get("eu_west").orElseThrow().contains("paid"));
        assertTrue(changed.rows().get("us_east").orElseThrow().contains("new"));
        var missing = report.differences().stream()
                .filter(d -> d.key().equals("{\"id\" : 15001}"))
                .findFirst()
                .orElseThrow();
        assertEquals(List.of("ap_south"), missing.missingIn());
        var extra = report.differences().stream()
                .filter(d -> d.key().equals("{\"id\" : 20001}"))
                .findFirst()
                .orElseThrow();
        assertEquals(List.of("ap_south", "eu_west"), extra.missingIn());
        assertTrue(report.rangesCompared() < 200, "narrowing compared " + report.rangesCompared() + " ranges");
    }

    @Test
    void columnThatOnlyRecordsTheDeliveringLinkIsNotADifference() throws SQLException {
        sql("eu_west", "UPDATE orders SET tandem_applied_from = 'us-east' WHERE id < 100");
        assertTrue(new TableVerifier(ORDERS, regions()).verify().consistent());
    }

    @Test
    void compositeKeysNarrowToTheRow() throws SQLException {
        sql("ap_south", "UPDATE lines SET sku = 'changed' WHERE order_id = 500 AND line = 2");
        VerifyReport report = new TableVerifier(LINES, regions(), 8, 4).verify();
        assertEquals(1, report.differences().size(), report.differences().toString());
        assertEquals(
                "{\"order_id\" : 500, \"line\" : 2}",
                report.differences().get(0).key());
    }

    @Test
    void schemaDriftIsNamedInsteadOfReportedAsDifferences() throws SQLException {
        sql("ap_south", "ALTER TABLE orders ADD COLUMN note text");
        var e = assertThrows(IllegalArgumentException.class, () -> new TableVerifier(ORDERS, regions()).verify());
        assertTrue(e.getMessage().contains("different columns"), e.getMessage());
    }

    @Test
    void missingTableIsNamedWithItsRegion() throws SQLException {
        sql("eu_west", "DROP TABLE orders");
        var e = assertThrows(IllegalArgumentException.class, () -> new TableVerifier(ORDERS, regions()).verify());
        assertTrue(e.getMessage().contains("does not exist in region eu_west"), e.getMessage());
    }
}
