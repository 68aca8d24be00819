package dev.migrate.zerodowntime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.ConfigurationException;
import dev.migrate.Location;
import dev.migrate.MigrationEvent;
import dev.migrate.MigrationFailedException;
import dev.migrate.MigrationState;
import dev.migrate.Migrator;
import dev.migrate.MigratorBuilder;
import dev.migrate.testkit.MigrateExtension;
import dev.migrate.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class BackfillTest {
    /** Batches this size never shrink here: the tests count them. */
    private static final Duration STEADY = Duration.ofMinutes(1);

    @RegisterExtension
    static MigrateExtension db = MigrateExtension.empty();

    @TempDir
    Path dir;

    private final List<BackfillProgress> progress = new CopyOnWriteArrayList<>();

    private MigratorBuilder migrator(TestDatabase database, int rows, String backfill, Consumer<BackfillProgress> onProgress)
            throws Exception {
        Files.writeString(dir.resolve("V1__orders.sql"), "CREATE TABLE orders (id bigint PRIMARY KEY, total int NOT NULL,"
                + " total_cents bigint, touched int NOT NULL DEFAULT 0);\n"
                + "INSERT INTO orders (id, total) SELECT g, g % 100 FROM generate_series(1, " + rows + ") g;");
        Files.writeString(dir.resolve("V2__fill_cents.backfill"), backfill);
        return Migrator.configure().dataSource(database.dataSource()).locations(Location.directory(dir))
                .stepRunner(new BackfillRunner()).options(ZeroDowntimeOptions.DEFAULTS.withBatchSize(1000).withMaxBatchTime(STEADY))
                .listener((MigrationEvent e) -> {
                    if (e instanceof BackfillProgress p) {
                        progress.add(p);
                        onProgress.accept(p);
                    }
                });
    }

    private static final String FILL = "table=orders\nset=total_cents = total * 100, touched = touched + 1\n";

    @Test
    void updates_every_row_once_in_keyset_batches_and_leaves_rows_inserted_after_it_started(TestDatabase database)
            throws Exception {
        try (Migrator m = migrator(database, 2500, FILL, p -> {
            if (p.rowsDone() == 0) {
                database.execute("INSERT INTO orders (id, total) VALUES (100000, 7)");
            }
        }).build()) {
            assertThat(m.migrate().applied()).hasSize(2);
        }
        assertThat(database.queryForObject("SELECT count(*) FROM orders WHERE touched = 1 AND total_cents = total * 100",
                Long.class)).isEqualTo(2500L);
        assertThat(database.queryForObject("SELECT touched FROM orders WHERE id = 100000", Integer.class)).isZero();
        assertThat(progress).extracting(BackfillProgress::rowsDone).containsExactly(0L, 1000L, 2000L, 2500L);
        assertThat(progress).extracting(BackfillProgress::finished).containsExactly(false, false, false, true);
        assertThat(progress.get(3).table()).isEqualTo("public.orders");
        assertThat(database.queryForObject("SELECT rows_done FROM migrate_zero_downtime.backfills", Long.class)).isEqualTo(2500L);
    }

    @Test
    void each_batch_reaches_its_rows_by_the_key_and_never_scans_the_table(TestDatabase database) throws Exception {
        try (Migrator m = migrator(database, 30000, FILL, p -> { }).target("1").build()) {
            m.migrate();
        }
        database.execute("ANALYZE orders");
        long before = seqScans(database);
        try (Migrator m = migrator(database, 30000, FILL, p -> { }).build()) {
            m.migrate();
        }
        // A batch joined to the table by a hash join would scan all 30,000 rows, 31 times.
        assertThat(seqScans(database) - before).as("sequential scans of orders during 31 batches").isZero();
        assertThat(database.queryForObject("SELECT count(*) FROM orders WHERE touched = 1", Long.class)).isEqualTo(30000L);
    }

    /** The table's sequential scans, once the sessions that ran them have ended and reported them. */
    private static long seqScans(TestDatabase database) {
        database.execute("SELECT pg_stat_clear_snapshot()");
        return database.queryForObject("SELECT seq_scan FROM pg_stat_user_tables WHERE relname = 'orders'", Long.class);
    }

    @Test
    void a_backfill_runs_on_its_own_outside_any_migration_under_the_migration_lock(TestDatabase database) throws Exception {
        List<Long> advisoryLocks = new CopyOnWriteArrayList<>();
        try (Migrator m = migrator(database, 2500, FILL, p -> advisoryLocks.add(database.queryForObject("SELECT count(*) FROM pg_locks"
                + " WHERE locktype = 'advisory' AND granted", Long.class))).target("1").build()) {
            m.migrate();
            ZeroDowntime zd = ZeroDowntime.on(m);
            assertThat(zd.backfill(Backfill.of("orders").set("total_cents = total * 100, touched = touched + 1")
                    .where("total_cents IS NULL"))).isEqualTo(2500L);
            assertThat(zd.backfill(Backfill.of("orders").set("touched = touched + 1").where("total_cents IS NULL")))
                    .as("a second call finds nothing left").isZero();
            assertThat(m.status().pending()).extracting(i -> i.version().toString()).as("recorded in no history").containsExactly("2");
        }
        assertThat(database.queryForObject("SELECT count(*) FROM orders WHERE touched = 1 AND total_cents = total * 100",
                Long.class)).isEqualTo(2500L);
        assertThat(progress).extracting(BackfillProgress::rowsDone).containsExactly(0L, 1000L, 2000L, 2500L, 0L, 0L, 0L, 0L);
        assertThat(advisoryLocks).as("the migration lock, held by every batch").hasSize(8).allMatch(n -> n == 1);
        assertThat(database.queryForObject("SELECT count(*) FROM pg_namespace WHERE nspname = 'migrate_zero_downtime'", Long.class))
                .as("a backfill outside the history leaves no state").isZero();
    }

    @Test
    void a_where_condition_chooses_the_rows_and_every_key_is_still_visited(TestDatabase database) throws Exception {
        try (Migrator m = migrator(database, 3000, FILL + "where=id % 3 = 0\n", p -> { }).build()) {
            m.migrate();
        }
        assertThat(database.queryForObject("SELECT count(*) FROM orders WHERE touched = 1", Long.class)).isEqualTo(1000L);
        assertThat(database.queryForObject("SELECT count(*) FROM orders WHERE touched = 1 AND id % 3 <> 0", Long.class)).isZero();
        assertThat(progress.get(progress.size() - 1).finished()).isTrue();
    }

    @Test
    void a_backfill_whose_connection_is_killed_midway_resumes_after_its_last_batch_and_updates_no_row_twice(
            TestDatabase database) throws Exception {
        java.util.concurrent.atomic.AtomicBoolean killed = new java.util.concurrent.atomic.AtomicBoolean();
        try (Migrator m = migrator(database, 5000, FILL, p -> {
            if (p.rowsDone() == 2000 && !killed.getAndSet(true)) {
                // The migration's own session holds the advisory lock: end it as an operator or a failover would.
                database.execute("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                        + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
            }
        }).build()) {
            assertThatThrownBy(m::migrate).isInstanceOf(MigrationFailedException.class);
            assertThat(database.queryForObject("SELECT rows_done FROM migrate_zero_downtime.backfills", Long.class))
                    .isEqualTo(2000L);

            m.resolve().resume("2");
            m.migrate();
            assertThat(m.status().migrations()).extracting(i -> i.state()).containsOnly(MigrationState.APPLIED);
        }
        assertThat(database.queryForObject("SELECT count(*) FROM orders WHERE touched = 1 AND total_cents = total * 100",
                Long.class)).isEqualTo(5000L);
        assertThat(database.queryForObject("SELECT count(*) FROM orders WHERE touched <> 1", Long.class)).isZero();
        assertThat(progress.get(progress.size() - 1).rowsDone()).isEqualTo(5000L);
        // The resumed run started at the cursor the killed one had committed; a last, empty batch finds the end.
        assertThat(progress).extracting(BackfillProgress::rowsDone).containsExactly(0L, 1000L, 2000L, 2000L, 3000L, 4000L, 5000L, 5000L);
    }

    @Test
    void a_backfill_whose_process_is_killed_midway_resumes_and_updates_every_row_exactly_once(TestDatabase database)
            throws Exception {
        try (Migrator m = migrator(database, 20000, FILL, p -> { }).target("1").build()) {
            m.migrate();
        }
        Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), BackfillChild.class.getName(), database.jdbcUrl(), database.user(),
                dir.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            long done = 0;
            while (done < 3000 && System.nanoTime() < deadline && child.isAlive()) {
                Thread.sleep(20);
                try {
                    done = database.queryForObject("SELECT rows_done FROM migrate_zero_downtime.backfills", Long.class);
                } catch (RuntimeException notYet) {
                    done = 0; // the state table is made by the child's first statements
                }
            }
            assertThat(done).as("the child got going").isGreaterThanOrEqualTo(3000L).isLessThan(20000L);
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }
        try (Migrator m = migrator(database, 20000, FILL, p -> { }).build()) {
            assertThatThrownBy(m::migrate).as("an interrupted step is not silently run again").isInstanceOf(
                    dev.migrate.MigrationException.class);
            m.resolve().resume("2");
            m.migrate();
            assertThat(m.status().migrations()).extracting(i -> i.state()).containsOnly(MigrationState.APPLIED);
        }
        assertThat(database.queryForObject("SELECT count(*) FROM orders WHERE touched = 1 AND total_cents = total * 100",
                Long.class)).isEqualTo(20000L);
        assertThat(database.queryForObject("SELECT count(*) FROM orders WHERE touched <> 1", Long.class)).isZero();
        assertThat(progress.get(0).rowsDone()).as("the resumed run started where the killed one stopped").isGreaterThanOrEqualTo(3000L);
    }

    @Test
    void the_rate_cap_slows_the_batches_down(TestDatabase database) throws Exception {
        List<Long> at = new CopyOnWriteArrayList<>();
        try (Migrator m = migrator(database, 3000, FILL, p -> at.add(System.nanoTime()))
                .options(ZeroDowntimeOptions.DEFAULTS.withBatchSize(1000).withMaxRowsPerSecond(5000).withMaxBatchTime(STEADY)).build()) {
            m.migrate();
        }
        // 3,000 rows at 5,000 rows/s: the third batch may start only 0.4 s after the first, whatever the set-up cost.
        assertThat(at).hasSizeGreaterThanOrEqualTo(4);
        assertThat(Duration.ofNanos(at.get(3) - at.get(0))).isGreaterThan(Duration.ofMillis(400));
    }

    @Test
    void keys_without_a_max_aggregate_and_text_keys_are_walked_in_their_own_order(TestDatabase database) throws Exception {
        database.execute("CREATE TABLE tokens (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), touched int NOT NULL DEFAULT 0);"
                + " INSERT INTO tokens SELECT FROM generate_series(1, 2500);"
                + " CREATE TABLE words (w text COLLATE \"C\" PRIMARY KEY, touched int NOT NULL DEFAULT 0);"
                + " INSERT INTO words SELECT md5(g::text) FROM generate_series(1, 2500) g");
        MigratorBuilder builder = migrator(database, 10, "table=tokens\nset=touched = touched + 1\n", p -> { });
        Files.writeString(dir.resolve("V3__words.backfill"), "table=words\nset=touched = touched + 1\n");
        try (Migrator m = builder.build()) {
            m.migrate();
        }
        for (String table : List.of("tokens", "words")) {
            assertThat(database.queryForObject("SELECT count(*) FILTER (WHERE touched = 1) || '/' || count(*) FROM " + table,
                    String.class)).as(table).isEqualTo("2500/2500");
        }
    }

    @Test
    void a_composite_key_is_walked_as_a_row_through_its_index_and_resumes_at_its_cursor(TestDatabase database) throws Exception {
        // Tenants interleaved with ids, a text part with a quote and a comma: the cursor must survive as text.
        database.execute("CREATE TABLE members (tenant text COLLATE \"C\", id int, touched int NOT NULL DEFAULT 0,"
                + " PRIMARY KEY (tenant, id)); INSERT INTO members SELECT 't''' || (g % 7) || ',x', g FROM generate_series(1, 2500) g;"
                + " ANALYZE members");
        java.util.concurrent.atomic.AtomicBoolean killed = new java.util.concurrent.atomic.AtomicBoolean();
        MigratorBuilder builder = migrator(database, 10, "table=members\nset=touched = touched + 1\n", p -> {
            if (p.table().equals("public.members") && p.rowsDone() == 1000 && !killed.getAndSet(true)) {
                database.execute("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                        + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
            }
        });
        long scans;
        try (Migrator m = builder.build()) {
            assertThatThrownBy(m::migrate).isInstanceOf(MigrationFailedException.class);
            scans = database.queryForObject("SELECT seq_scan FROM pg_stat_user_tables WHERE relname = 'members'", Long.class);
            m.resolve().resume("2");
            m.migrate();
        }
        database.execute("SELECT pg_stat_clear_snapshot()");
        assertThat(database.queryForObject("SELECT seq_scan FROM pg_stat_user_tables WHERE relname = 'members'", Long.class) - scans)
                .as("batches after the resume reached their rows by the key").isZero();
        assertThat(database.queryForObject("SELECT count(*) FILTER (WHERE touched = 1) || '/' || count(*) FROM members", String.class))
                .isEqualTo("2500/2500");
        assertThat(database.queryForObject("SELECT cursor_key FROM migrate_zero_downtime.backfills WHERE relation = 'public.members'",
                String.class)).isEqualTo("{\"t'6,x\",2498}");
    }

    @Test
    void the_columns_a_primary_key_only_includes_are_not_part_of_the_walk(TestDatabase database) throws Exception {
        database.execute("CREATE TABLE notes (id int, note text, touched int NOT NULL DEFAULT 0, PRIMARY KEY (id) INCLUDE (note));"
                + " INSERT INTO notes (id) SELECT g FROM generate_series(1, 2500) g");
        try (Migrator m = migrator(database, 10, "table=notes\nset=touched = touched + 1\n", p -> { }).build()) {
            m.migrate();
        }
        assertThat(database.queryForObject("SELECT count(*) FILTER (WHERE touched = 1) || '/' || count(*) FROM notes", String.class))
                .as("rows whose included note is NULL too").isEqualTo("2500/2500");
        assertThat(database.queryForObject("SELECT cursor_key FROM migrate_zero_downtime.backfills WHERE relation = 'public.notes'",
                String.class)).isEqualTo("2500");
    }

    @Test
    void two_backfills_of_one_table_in_one_step_both_run(TestDatabase database) throws Exception {
        try (Migrator m = migrator(database, 2500, FILL + "---\ntable=orders\nset=total = total + 1\n", p -> { }).build()) {
            m.migrate();
        }
        assertThat(database.queryForObject("SELECT count(*) FROM orders WHERE touched = 1 AND total_cents = (total - 1) * 100",
                Long.class)).isEqualTo(2500L);
        assertThat(database.queryForObject("SELECT count(*) FROM migrate_zero_downtime.backfills", Long.class)).isEqualTo(2L);
    }

    @Test
    void a_step_run_again_after_it_was_rolled_back_backfills_again(TestDatabase database) throws Exception {
        MigratorBuilder builder = migrator(database, 1500, FILL, p -> { });
        Files.writeString(dir.resolve("U2__fill_cents.sql"), "SELECT 1;");
        try (Migrator m = builder.build()) {
            m.migrate();
            m.rollback().last();
            m.migrate();
        }
        assertThat(database.queryForObject("SELECT count(*) FROM orders WHERE touched = 2", Long.class)).isEqualTo(1500L);
    }

    @Test
    void rows_written_by_the_application_during_the_backfill_are_kept_and_every_old_row_is_visited_once(TestDatabase database)
            throws Exception {
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong inserted = new java.util.concurrent.atomic.AtomicLong();
        Thread writer = new Thread(() -> {
            try (Connection c = database.dataSource().getConnection(); Statement st = c.createStatement()) {
                for (long id = 1_000_000; !stop.get(); id++) {
                    st.execute("INSERT INTO orders (id, total) VALUES (" + id + ", 1)");
                    st.execute("UPDATE orders SET total = total + 1 WHERE id = " + (1 + id % 4000));
                    inserted.incrementAndGet();
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        try (Migrator m = migrator(database, 4000, "table=orders\nset=touched = touched + 1\n", p -> {
            if (p.rowsDone() == 0 && !writer.isAlive()) {
                writer.start();
            }
        }).options(ZeroDowntimeOptions.DEFAULTS.withBatchSize(200).withPause(Duration.ofMillis(5))).build()) {
            m.migrate();
        } finally {
            stop.set(true);
            writer.join();
        }
        assertThat(inserted.get()).as("the writer ran alongside").isPositive();
        assertThat(database.queryForObject("SELECT count(*) FROM orders WHERE id <= 4000 AND touched = 1", Long.class)).isEqualTo(4000L);
        assertThat(database.queryForObject("SELECT count(*) FROM orders WHERE id > 4000 AND touched <> 0", Long.class)).isZero();
        assertThat(database.queryForObject("SELECT count(*) FROM orders WHERE id > 4000", Long.class)).isEqualTo(inserted.get());
    }

    @Test
    void a_table_without_a_primary_key_is_refused_naming_it(TestDatabase database) throws Exception {
        database.execute("CREATE TABLE loose (a int)");
        for (String[] c : new String[][] {{"loose", "has no primary key"}, {"missing", "does not exist"}}) {
            try (Migrator m = migrator(database, 10, "table=" + c[0] + "\nset=a = a\n", p -> { }).build()) {
                assertThatThrownBy(m::migrate).as(c[0]).isInstanceOf(MigrationFailedException.class).hasMessageContaining(c[1]);
                m.resolve().markRolledBack("2");
            }
        }
    }

    @Test
    void batches_that_hold_their_rows_too_long_get_smaller(TestDatabase database) throws Exception {
        try (Migrator m = migrator(database, 3000, FILL, p -> { })
                .options(ZeroDowntimeOptions.DEFAULTS.withBatchSize(1000).withMaxBatchTime(Duration.ofMillis(1))).build()) {
            m.migrate();
        }
        List<Long> sizes = new java.util.ArrayList<>();
        for (int i = 1; i < progress.size(); i++) {
            sizes.add(progress.get(i).rowsDone() - progress.get(i - 1).rowsDone());
        }
        assertThat(sizes.get(0)).isEqualTo(1000L);
        assertThat(sizes.subList(1, sizes.size() - 1)).isNotEmpty().allSatisfy(n -> assertThat(n).isLessThan(1000L)
                .isGreaterThanOrEqualTo(10L));
        assertThat(database.queryForObject("SELECT count(*) FROM orders WHERE touched = 1", Long.class)).isEqualTo(3000L);
    }

    @Test
    void a_backfill_lets_sessions_queued_for_a_lock_on_its_table_go_first(TestDatabase database) throws Exception {
        List<BackfillPaused> paused = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
        List<Thread> sessions = new CopyOnWriteArrayList<>();
        try (Migrator m = migrator(database, 3000, FILL, p -> {
            if (p.rowsDone() == 1000 && !started.getAndSet(true)) {
                sessions.add(session(database, "LOCK TABLE orders IN ACCESS SHARE MODE", 600));
                waitFor(database, "SELECT count(*) FROM pg_locks WHERE relation = 'orders'::regclass AND mode = 'AccessShareLock'"
                        + " AND granted AND pid <> pg_backend_pid()");
                sessions.add(session(database, "LOCK TABLE orders IN ACCESS EXCLUSIVE MODE", 0));
                waitFor(database, "SELECT count(*) FROM pg_locks WHERE relation = 'orders'::regclass AND NOT granted");
            }
        }).listener(e -> {
            if (e instanceof BackfillPaused p) {
                paused.add(p);
            }
        }).options(ZeroDowntimeOptions.DEFAULTS.withBatchSize(1000).withMaxBatchTime(STEADY)).build()) {
            m.migrate();
        }
        for (Thread t : sessions) {
            t.join();
        }
        assertThat(paused).singleElement().satisfies(p -> assertThat(p.reason()).contains("1 session(s) queued for a lock"));
        assertThat(database.queryForObject("SELECT count(*) FROM orders WHERE touched = 1", Long.class)).isEqualTo(3000L);
    }

    @Test
    void a_session_queued_for_a_lock_the_batches_do_not_hold_up_does_not_pause_the_backfill(TestDatabase database) throws Exception {
        List<BackfillPaused> paused = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
        List<Thread> sessions = new CopyOnWriteArrayList<>();
        try (Migrator m = migrator(database, 3000, FILL, p -> {
            if (p.rowsDone() == 1000 && !started.getAndSet(true)) {
                // As a manual VACUUM queues behind autovacuum: SHARE UPDATE EXCLUSIVE conflicts with itself, not with the
                // batches' ROW EXCLUSIVE.
                sessions.add(session(database, "LOCK TABLE orders IN SHARE UPDATE EXCLUSIVE MODE", 3000));
                waitFor(database, "SELECT count(*) FROM pg_locks WHERE relation = 'orders'::regclass"
                        + " AND mode = 'ShareUpdateExclusiveLock' AND granted AND pid <> pg_backend_pid()");
                sessions.add(session(database, "LOCK TABLE orders IN SHARE UPDATE EXCLUSIVE MODE", 0));
                waitFor(database, "SELECT count(*) FROM pg_locks WHERE relation = 'orders'::regclass AND NOT granted");
            }
        }).listener(e -> {
            if (e instanceof BackfillPaused p) {
                paused.add(p);
            }
        }).options(ZeroDowntimeOptions.DEFAULTS.withBatchSize(1000).withMaxBatchTime(STEADY)
                .withReplicationLag(0, Duration.ofMillis(500))).build()) {
            m.migrate();
            assertThat(database.queryForObject("SELECT count(*) FROM pg_locks WHERE relation = 'orders'::regclass AND NOT granted",
                    Long.class)).as("still queued when the backfill ended").isEqualTo(1L);
        }
        for (Thread t : sessions) {
            t.join();
        }
        assertThat(paused).isEmpty();
        assertThat(database.queryForObject("SELECT count(*) FROM orders WHERE touched = 1", Long.class)).isEqualTo(3000L);
    }

    /** Runs {@code sql} in a transaction of its own session, held {@code holdMillis} before it commits. */
    private static Thread session(TestDatabase database, String sql, long holdMillis) {
        Thread t = new Thread(() -> {
            try (Connection c = database.dataSource().getConnection(); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                st.execute(sql);
                Thread.sleep(holdMillis);
                c.commit();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        t.start();
        return t;
    }

    private static void waitFor(TestDatabase database, String count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (database.queryForObject(count, Long.class) == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("never: " + count);
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void a_longest_wait_too_long_for_nanoseconds_means_wait(TestDatabase database) throws Exception {
        try (Migrator m = migrator(database, 1500, FILL, p -> { })
                .options(ZeroDowntimeOptions.DEFAULTS.withReplicationLag(1, Duration.ofSeconds(Long.MAX_VALUE))).build()) {
            m.migrate();
        }
        assertThat(database.queryForObject("SELECT count(*) FROM orders WHERE touched = 1", Long.class)).isEqualTo(1500L);
    }

    @Test
    void options_are_checked() {
        assertThatThrownBy(() -> ZeroDowntimeOptions.DEFAULTS.withBatchSize(0)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("batchSize");
        assertThatThrownBy(() -> new ZeroDowntimeOptions("Bad Name", 10, Duration.ZERO, 0, 0, Duration.ZERO, Duration.ofMillis(200), null)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("stateSchema");
        assertThatThrownBy(() -> ZeroDowntimeOptions.DEFAULTS.withMaxRowsPerSecond(-1)).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> ZeroDowntimeOptions.DEFAULTS.withPause(Duration.ofMillis(-1))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("pause");
        assertThatThrownBy(() -> ZeroDowntimeOptions.DEFAULTS.withReplicationLag(-1, Duration.ZERO))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("maxReplicationLagBytes");
        assertThatThrownBy(() -> ZeroDowntimeOptions.DEFAULTS.withMaxBatchTime(Duration.ZERO)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("maxBatchTime");
        assertThatThrownBy(() -> ZeroDowntimeOptions.DEFAULTS.withReplicationLag(0, Duration.ofSeconds(-1)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("maxPause");
    }
}
