package dev.migrate.benchmarks;

import dev.migrate.Location;
import dev.migrate.MigrationEvent;
import dev.migrate.Migrator;
import dev.migrate.zerodowntime.BackfillProgress;
import dev.migrate.zerodowntime.ExpandContract;
import dev.migrate.zerodowntime.ZeroDowntime;
import dev.migrate.zerodowntime.ZeroDowntimeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * An application's latency while a big table changes under it. A table of {@code rows} rows (and
 * a mirror of it, written by the same transactions) takes a steady {@code rate} transactions per
 * second: half reads of one row, two fifths updates of one row, a tenth inserts. The migration
 * changes {@code amount} from {@code int} to {@code bigint} and makes {@code note} {@code NOT NULL}:
 *
 * <ul>
 *   <li>with migrate-zerodowntime: start (expand, backfill, validate, views), then complete;</li>
 *   <li>naively: one {@code ALTER TABLE} on the same set-up, as a plain migration would run it.</li>
 * </ul>
 *
 * Reported for each phase (and for the same load with no migration): the longest and the p99
 * transaction, timed from when it was due (a transaction that waits for a connection counts its
 * wait); the backfill's rows per second early and late in the table; the rows that differ between
 * the table and its mirror afterwards (two-way {@code EXCEPT}).
 *
 * <p>{@code ./mvnw -q -f examples/benchmarks/pom.xml compile exec:exec@zero-downtime} (writes
 * {@code target/zero-downtime-results.md}); {@code -Drows=1000000 -Drate=200}.
 */
public final class ZeroDowntimeLoad {
    private static final ExpandContract WIDEN = ExpandContract.migration("2", "widen amount, require note")
            .changeType("accounts", "amount", "bigint", "amount::bigint", "amount::int")
            .setNotNull("accounts", "note", "'-'");

    private ZeroDowntimeLoad() {
    }

    public static void main(String[] args) throws Exception {
        Quiet.apply();
        long rows = Long.getLong("rows", 1_000_000L);
        int rate = Integer.getInteger("rate", 200);
        StringBuilder report = new StringBuilder("# Zero-downtime under load\n\n" + String.format(Locale.ROOT,
                "%,d rows; %d transactions/s (1/2 read one row, 2/5 update one row, 1/10 insert), each timed from when it was"
                        + " due; lock_timeout 500 ms (the migrator's default); backfill batches of up to 5,000 rows held at most"
                        + " 200 ms; each table vacuumed and checkpointed after it is loaded; shared_buffers %s, max_wal_size 4GB."
                        + " Change: amount int -> bigint, note SET NOT NULL (up: '-').%n%n", rows, rate,
                System.getProperty("sharedBuffers", "512MB")));
        // A server sized like one that holds a table of this size (the defaults are 128 MB of buffers, 1 GB of WAL).
        String buffers = System.getProperty("sharedBuffers", "512MB");
        try (EmbeddedServer server = EmbeddedServer.start(false, java.util.Map.of("shared_buffers", buffers, "max_wal_size", "4GB"))) {
            report.append("| phase | transactions | longest (ms) | p99 (ms) | took (s) |\n|---|---:|---:|---:|---:|\n");
            List<String> rates = new ArrayList<>();
            String divergent = zeroDowntime(server, rows, rate, report, rates);
            naive(server, rows, rate, report);
            long small = Math.max(1000, rows / 10);
            List<String> smallRates = new ArrayList<>();
            zeroDowntime(server, small, rate, new StringBuilder(), smallRates);
            report.append("\nBackfill rows/s in each tenth of the table (wall time between progress events, waits included): ")
                    .append(String.format(Locale.ROOT, "%,d-row table: %s; %,d-row table: %s.%n", small, String.join(" / ", smallRates),
                            rows, String.join(" / ", rates)))
                    .append("\nRows that differ between the table and its mirror after complete (two-way EXCEPT): ").append(divergent)
                    .append(".\n");
        }
        System.out.print(report);
        if (args.length > 0) {
            Files.writeString(Path.of(args[0]), report);
        }
    }

    private static String zeroDowntime(EmbeddedServer server, long rows, int rate, StringBuilder report, List<String> rates)
            throws Exception {
        String db = server.createDatabase();
        DataSource ds = server.dataSource(db);
        Path dir = Files.createTempDirectory("zero-downtime");
        try {
            setUp(ds, dir, rows);
            List<long[]> progress = Collections.synchronizedList(new ArrayList<>());
            try (Migrator m = Migrator.configure().dataSource(ds).locations(Location.directory(dir)).source(ZeroDowntime.source(WIDEN))
                    .options(ZeroDowntimeOptions.DEFAULTS.withBatchSize(5000))
                    .listener((MigrationEvent e) -> {
                        if (e instanceof BackfillProgress p) {
                            progress.add(new long[] {System.nanoTime(), p.rowsDone()});
                        }
                    }).build()) {
                Load load = new Load(ds, rows, rate);
                ZeroDowntime zd = ZeroDowntime.on(m);
                load.phase("no migration", () -> Thread.sleep(rows >= 1_000_000 ? 10_000 : 3_000));
                load.phase("start (expand, backfill, validate, views)", zd::start);
                check(ds, "SELECT count(*) FROM accounts WHERE migrate_new_amount IS DISTINCT FROM amount OR note IS NULL",
                        "rows the backfill missed");
                load.phase("complete", () -> zd.complete("2"));
                load.phase("after", () -> Thread.sleep(2_000));
                load.stop();
                report.append(load.table("zero-downtime, " + String.format(Locale.ROOT, "%,d rows", rows)));
            }
            rates.addAll(windows(progress, rows));
            return divergence(ds);
        } finally {
            server.dropDatabase(db);
        }
    }

    private static void naive(EmbeddedServer server, long rows, int rate, StringBuilder report) throws Exception {
        String db = server.createDatabase();
        DataSource ds = server.dataSource(db);
        Path dir = Files.createTempDirectory("naive");
        try {
            setUp(ds, dir, rows);
            Load load = new Load(ds, rows, rate);
            try {
                load.phase("no migration", () -> Thread.sleep(3_000));
                load.phase("ALTER TABLE ... TYPE bigint, SET NOT NULL", () -> {
                    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                        st.execute("UPDATE accounts SET note = '-' WHERE note IS NULL");
                        st.execute("ALTER TABLE accounts ALTER COLUMN amount TYPE bigint, ALTER COLUMN note SET NOT NULL");
                    }
                });
                load.phase("after", () -> Thread.sleep(2_000));
            } finally {
                load.stop();
            }
            report.append(load.table("naive, " + String.format(Locale.ROOT, "%,d rows", rows)));
        } finally {
            server.dropDatabase(db);
        }
    }

    private static void setUp(DataSource ds, Path dir, long rows) throws Exception {
        String table = " (id bigint PRIMARY KEY, amount int NOT NULL, note text);";
        String fill = " SELECT g, g % 1000, CASE WHEN g % 100 = 0 THEN NULL ELSE 'n' || g END FROM generate_series(1, " + rows + ") g;";
        Files.writeString(dir.resolve("V1__accounts.sql"), "CREATE TABLE accounts" + table + " CREATE TABLE accounts_mirror" + table
                + " INSERT INTO accounts" + fill + " INSERT INTO accounts_mirror" + fill);
        try (Migrator m = Migrator.configure().dataSource(ds).locations(Location.directory(dir)).target("1").build()) {
            m.migrate();
        }
        // A table in production has been vacuumed and checkpointed long ago; a freshly loaded one
        // would have autovacuum and the first checkpoint's full-page writes compete with the run.
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("VACUUM (ANALYZE) accounts");
            st.execute("VACUUM (ANALYZE) accounts_mirror");
            st.execute("CHECKPOINT");
        }
    }

    private static void check(DataSource ds, String count, String what) throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(count)) {
            rs.next();
            if (rs.getLong(1) != 0) {
                throw new IllegalStateException(rs.getLong(1) + " " + what);
            }
        }
    }

    private static String divergence(DataSource ds) throws Exception {
        String a = "SELECT id, amount::bigint, COALESCE(note, '-') FROM accounts";
        String b = "SELECT id, amount::bigint, COALESCE(note, '-') FROM accounts_mirror";
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM (" + a + " EXCEPT " + b + ") x), (SELECT count(*) FROM (" + b
                     + " EXCEPT " + a + ") y), (SELECT count(*) FROM accounts)")) {
            rs.next();
            return String.format(Locale.ROOT, "%d in the table only, %d in the mirror only, of %,d rows", rs.getLong(1), rs.getLong(2),
                    rs.getLong(3));
        }
    }

    /** Rows per second over each tenth of the table, wall time between progress events (waits included). */
    private static List<String> windows(List<long[]> progress, long rows) {
        List<String> out = new ArrayList<>();
        for (int tenth = 0; tenth < 10; tenth++) {
            double[] w = {tenth / 10.0, (tenth + 1) / 10.0};
            long[] from = null;
            long[] to = null;
            for (long[] p : progress) {
                if (from == null && p[1] >= w[0] * rows) {
                    from = p;
                }
                if (p[1] <= w[1] * rows) {
                    to = p;
                }
            }
            if (from != null && to != null && to[0] > from[0]) {
                out.add(String.format(Locale.ROOT, "%,.0f", (to[1] - from[1]) / ((to[0] - from[0]) / 1e9)));
            }
        }
        return out;
    }

    /** What a phase does. */
    interface Work {
        void run() throws Exception;
    }

    /** The application: transactions due at a steady rate, each timed from when it was due. */
    private static final class Load {
        private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
        private final ExecutorService workers = Executors.newFixedThreadPool(32);
        private final ThreadLocal<Connection> connections;
        private final List<Connection> opened = Collections.synchronizedList(new ArrayList<>());
        private final List<long[]> done = Collections.synchronizedList(new ArrayList<>());
        private final List<Object[]> phases = new ArrayList<>();
        private final AtomicLong nextId;
        private final long rows;
        private boolean closed;

        Load(DataSource ds, long rows, int rate) {
            this.rows = rows;
            this.nextId = new AtomicLong(rows + 1);
            this.connections = ThreadLocal.withInitial(() -> {
                try {
                    Connection c = ds.getConnection();
                    opened.add(c);
                    return c;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long period = 1_000_000_000L / rate;
            ticks.scheduleAtFixedRate(() -> {
                long due = System.nanoTime();
                workers.execute(() -> transaction(due));
            }, 0, period, TimeUnit.NANOSECONDS);
        }

        private void transaction(long due) {
            Connection c = connections.get();
            ThreadLocalRandom random = ThreadLocalRandom.current();
            long id = 1 + random.nextLong(rows);
            int kind = random.nextInt(10);
            try {
                if (kind < 5) {
                    try (PreparedStatement ps = c.prepareStatement("SELECT amount, note FROM accounts WHERE id = ?")) {
                        ps.setLong(1, id);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                        }
                    }
                } else {
                    c.setAutoCommit(false);
                    long fresh = kind < 9 ? 0 : nextId.getAndIncrement();
                    for (String table : List.of("accounts", "accounts_mirror")) {
                        if (kind < 9) {
                            try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET amount = amount + 1 WHERE id = ?")) {
                                ps.setLong(1, id);
                                ps.executeUpdate();
                            }
                        } else {
                            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (id, amount, note) VALUES (?, 7, 'new')")) {
                                ps.setLong(1, fresh);
                                ps.executeUpdate();
                            }
                        }
                    }
                    c.commit();
                    c.setAutoCommit(true);
                }
                done.add(new long[] {due, System.nanoTime() - due});
            } catch (Exception e) {
                try {
                    c.rollback();
                    c.setAutoCommit(true);
                } catch (Exception ignored) {
                    // The failure below says what happened.
                }
                System.err.println("transaction failed: " + e.getMessage());
                done.add(new long[] {due, -1});
            }
        }

        void phase(String name, Work work) throws Exception {
            long start = System.nanoTime();
            work.run();
            phases.add(new Object[] {name, start, System.nanoTime()});
        }

        String table(String run) {
            StringBuilder out = new StringBuilder();
            for (Object[] p : phases) {
                long from = (long) p[1];
                long to = (long) p[2];
                List<Long> latencies = new ArrayList<>();
                long failed = 0;
                synchronized (done) {
                    for (long[] d : done) {
                        if (d[0] >= from && d[0] < to) {
                            if (d[1] < 0) {
                                failed++;
                            } else {
                                latencies.add(d[1]);
                            }
                        }
                    }
                }
                Collections.sort(latencies);
                double max = latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1) / 1e6;
                double p99 = latencies.isEmpty() ? 0 : latencies.get((int) Math.min(latencies.size() - 1, Math.floor(latencies.size() * 0.99))) / 1e6;
                out.append(String.format(Locale.ROOT, "| %s: %s | %,d%s | %.0f | %.0f | %.1f |%n", run, p[0], latencies.size(),
                        failed == 0 ? "" : " (" + failed + " failed)", max, p99, (to - from) / 1e9));
            }
            return out.toString();
        }

        /** Stops the transactions, waits for those running, and closes the connections. */
        void stop() throws Exception {
            if (closed) {
                return;
            }
            closed = true;
            ticks.shutdown();
            ticks.awaitTermination(5, TimeUnit.SECONDS);
            workers.shutdown();
            workers.awaitTermination(2, TimeUnit.MINUTES);
            for (Connection c : opened) {
                c.close();
            }
        }
    }
}
