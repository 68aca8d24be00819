package dev.migrate.benchmarks;

import dev.migrate.Location;
import dev.migrate.MigrateResult;
import dev.migrate.Migrator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * How long application queries wait behind a migration statement that waits for its lock, for
 * several {@code lockTimeout} values. A reporting transaction holds a lock on a table for a few
 * seconds; a migration meanwhile runs {@code ALTER TABLE ... ADD COLUMN}, which needs ACCESS
 * EXCLUSIVE and queues; every application read of the table (a 10 ms loop) queues behind it until
 * its {@code lock_timeout} ends the attempt. Reported: the longest and the 99th-percentile read,
 * how many attempts the migration made, and whether it succeeded once the report ended.
 *
 * <p>{@code ./mvnw -q -f examples/benchmarks/pom.xml compile exec:exec@lock-waits} (writes
 * {@code target/lock-waits-results.md}); {@code -Dhold=4000} sets how long the report holds its
 * lock, in milliseconds.
 */
public final class LockWaits {
    private LockWaits() {
    }

    public static void main(String[] args) throws Exception {
        Quiet.apply();
        long hold = Long.getLong("hold", 4000L);
        List<String> rows = new ArrayList<>();
        try (EmbeddedServer server = EmbeddedServer.start(false)) {
            for (Duration timeout : List.of(Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofMillis(200))) {
                rows.add(run(server, timeout, hold));
            }
        }
        String report = "# Application waits behind a blocked migration\n\n"
                + "A transaction holds a lock on the table for " + hold + " ms; the migration's ALTER TABLE waits for ACCESS"
                + " EXCLUSIVE meanwhile; an application reads the table every 10 ms. Defaults otherwise (lockRetries 20).\n\n"
                + "| lockTimeout | longest read (ms) | p99 read (ms) | reads | migration attempts | migrated after (ms) |\n"
                + "|---|---:|---:|---:|---:|---:|\n" + String.join("\n", rows) + "\n";
        System.out.print(report);
        if (args.length > 0) {
            Files.writeString(Path.of(args[0]), report);
        }
    }

    private static String run(EmbeddedServer server, Duration timeout, long hold) throws Exception {
        String db = server.createDatabase();
        DataSource ds = server.dataSource(db);
        Path dir = Files.createTempDirectory("lock-waits");
        Files.writeString(dir.resolve("V1__t.sql"), "CREATE TABLE t (id int);\nINSERT INTO t SELECT g FROM generate_series(1, 1000) g;");
        try (Migrator m = Migrator.configure().dataSource(ds).locations(Location.directory(dir)).build()) {
            m.migrate();
        }
        Files.writeString(dir.resolve("V2__add.sql"), "ALTER TABLE t ADD COLUMN c int;");
        AtomicBoolean reading = new AtomicBoolean(true);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        try (Connection report = ds.getConnection(); Connection app = ds.getConnection()) {
            report.setAutoCommit(false);
            try (Statement st = report.createStatement()) {
                st.execute("SELECT count(*) FROM t");
            }
            CompletableFuture<Void> reads = CompletableFuture.runAsync(() -> {
                try (Statement st = app.createStatement()) {
                    while (reading.get()) {
                        long s = System.nanoTime();
                        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM t")) {
                            rs.next();
                        }
                        latencies.add(System.nanoTime() - s);
                        Thread.sleep(10);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long started = System.nanoTime();
            CompletableFuture<MigrateResult> migration = CompletableFuture.supplyAsync(() -> {
                try (Migrator m = Migrator.configure().dataSource(ds).locations(Location.directory(dir)).lockTimeout(timeout).build()) {
                    return m.migrate();
                }
            });
            Thread.sleep(hold);
            report.commit();
            MigrateResult result = migration.join();
            long took = (System.nanoTime() - started) / 1_000_000;
            Thread.sleep(200);
            reading.set(false);
            reads.join();
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            double max = sorted.get(sorted.size() - 1) / 1e6;
            double p99 = sorted.get((int) Math.floor(sorted.size() * 0.99)) / 1e6;
            return String.format(Locale.ROOT, "| %d ms | %.0f | %.0f | %d | %d | %d |", timeout.toMillis(), max, p99, sorted.size(),
                    result.applied().get(0).attempts(), took);
        } finally {
            server.dropDatabase(db);
        }
    }
}
