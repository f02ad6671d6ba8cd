package io.tandem.bench.replication;

import io.tandem.embedded.postgres.PostgresServer;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * PostgreSQL's own logical replication (publication on A, subscription on B) on the orders
 * workload: the baseline measured in the same run as Tandem.
 */
final class NativeReplication {
    static final String DATABASE = "native_bench";
    private final DataSource source;
    private final DataSource target;
    private final java.util.List<java.nio.file.Path> dataDirectories;
    private CpuMeter.Used catchUpCpu;

    NativeReplication(PostgresServer a, PostgresServer b) throws SQLException {
        a.createDatabase(DATABASE);
        b.createDatabase(DATABASE);
        this.source = a.dataSource(DATABASE);
        this.target = b.dataSource(DATABASE);
        this.dataDirectories = java.util.List.of(a.dataDirectory(), b.dataDirectory());
        OrdersWorkload.createTable(source);
        OrdersWorkload.createTable(target);
        OrdersWorkload.installLagTrigger(target);
        OrdersWorkload.exec(source, "CREATE PUBLICATION bench_pub FOR TABLE public.orders");
        OrdersWorkload.exec(
                target,
                "CREATE SUBSCRIPTION bench_sub CONNECTION 'host=127.0.0.1 port=" + a.port() + " user=" + a.user()
                        + " dbname=" + DATABASE + "' PUBLICATION bench_pub WITH (copy_data = false)");
    }

    /** Loads a backlog with the subscription disabled, enables it, and measures the catch-up. */
    double catchUpRowsPerSecond(long first, long rows, int batch, Duration timeout)
            throws SQLException, InterruptedException {
        OrdersWorkload.exec(target, "ALTER SUBSCRIPTION bench_sub DISABLE");
        OrdersWorkload.load(source, first, rows, batch);
        long enabled = System.nanoTime();
        CpuMeter.Snapshot cpu = CpuMeter.now(dataDirectories);
        OrdersWorkload.exec(target, "ALTER SUBSCRIPTION bench_sub ENABLE");
        long visible = Visibility.await(target, first, first + rows - 1, timeout, Duration.ofMillis(10));
        catchUpCpu = CpuMeter.since(cpu);
        return rows / ((visible - enabled) / 1e9);
    }

    LagReport lag(long first, int rate, Duration duration) throws SQLException, InterruptedException {
        long written = SteadyWriter.run(source, first, rate, duration, 4);
        Visibility.await(target, first, first + written - 1, Duration.ofMinutes(2), Duration.ofMillis(10));
        return LagReport.of(target, first, first + written - 1);
    }

    /** CPU used by the last catch-up. */
    CpuMeter.Used catchUpCpu() {
        return catchUpCpu;
    }

    DataSource source() {
        return source;
    }
}
