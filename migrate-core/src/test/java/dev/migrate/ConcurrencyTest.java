package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.internal.exec.AdvisoryLock;
import dev.migrate.testing.MigrationsDir;
import dev.migrate.testing.Sql;
import dev.migrate.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrencyTest {
    @TempDir
    Path tmp;

    private final DataSource db = TestDatabases.newDatabase();

    @Test
    void eight_migrators_started_at_once_apply_each_migration_exactly_once() throws Exception {
        MigrationsDir dir = new MigrationsDir(tmp);
        dir.write("V1__log.sql", "CREATE TABLE runs (version int NOT NULL, backend int NOT NULL DEFAULT pg_backend_pid());");
        for (int v = 2; v <= 20; v++) {
            dir.write("V" + v + "__step.sql", "INSERT INTO runs (version) VALUES (" + v + ");\nSELECT pg_sleep(0.01);");
        }
        dir.write("V21__index.sql", "CREATE INDEX CONCURRENTLY runs_version ON runs (version);");
        assertThat(migrateAtOnce(8, () -> Migrator.configure().dataSource(db).locations(Location.directory(tmp))))
                .isEqualTo(21);
        assertThat(Sql.column(db, "SELECT version || ':' || count(*) FROM runs GROUP BY version HAVING count(*) <> 1")).isEmpty();
        assertThat(Sql.one(db, "SELECT count(*) FROM runs")).isEqualTo("19");
        assertThat(Sql.one(db, "SELECT count(*) FROM public.migrate_history")).isEqualTo("21");
        assertThat(Sql.one(db, "SELECT count(DISTINCT installed_rank) FROM public.migrate_history")).isEqualTo("21");
    }

    @Test
    void runners_racing_to_create_a_missing_schema_and_history_table_all_succeed() throws Exception {
        new MigrationsDir(tmp).write("V1__t.sql", "CREATE TABLE t (id int);");
        assertThat(migrateAtOnce(8, () -> Migrator.configure().dataSource(db).schema("tenant_a").locations(Location.directory(tmp))))
                .isEqualTo(1);
        assertThat(Sql.one(db, "SELECT count(*) FROM tenant_a.migrate_history")).isEqualTo("1");
        assertThat(Sql.one(db, "SELECT obj_description('tenant_a.migrate_history'::regclass, 'pg_class')")).contains("dev.migrate");
    }

    @Test
    void a_statement_blocked_by_another_session_times_out_is_retried_and_succeeds_once_released() throws Exception {
        MigrationsDir dir = new MigrationsDir(tmp).write("V1__t.sql", "CREATE TABLE t (id int);");
        try (Migrator m = Migrator.configure().dataSource(db).locations(Location.directory(tmp)).build()) {
            m.migrate();
        }
        dir.write("V2__add.sql", "ALTER TABLE t ADD COLUMN note text;");
        List<MigrationEvent> events = new CopyOnWriteArrayList<>();
        CountDownLatch retried = new CountDownLatch(1);

        try (Connection blocker = db.getConnection(); Statement st = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            st.execute("SELECT * FROM t");  // holds ACCESS SHARE until commit; ALTER TABLE needs ACCESS EXCLUSIVE
            CompletableFuture<MigrateResult> run = CompletableFuture.supplyAsync(() -> {
                try (Migrator m = Migrator.configure().dataSource(db).locations(Location.directory(tmp))
                        .lockTimeout(Duration.ofMillis(100)).lockRetries(50)
                        .listener(e -> {
                            events.add(e);
                            if (e instanceof MigrationEvent.StatementRetried) {
                                retried.countDown();
                            }
                        }).build()) {
                    return m.migrate();
                }
            });
            assertThat(retried.await(30, TimeUnit.SECONDS)).as("a retry was reported while blocked").isTrue();
            blocker.commit();
            MigrateResult result = run.get(60, TimeUnit.SECONDS);
            assertThat(result.applied()).singleElement().satisfies(a -> assertThat(a.attempts()).isGreaterThan(1));
        }
        assertThat(events).filteredOn(MigrationEvent.StatementRetried.class::isInstance)
                .first().satisfies(e -> {
                    MigrationEvent.StatementRetried r = (MigrationEvent.StatementRetried) e;
                    assertThat(r.script()).isEqualTo("V2__add.sql");
                    assertThat(r.line()).isEqualTo(1);
                    assertThat(r.serverMessage()).contains("lock");
                });
        assertThat(Sql.one(db, "SELECT count(*) FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'note'")).isEqualTo("1");
    }

    @Test
    void gives_up_after_the_configured_retries_with_a_clear_code() throws Exception {
        new MigrationsDir(tmp).write("V1__t.sql", "CREATE TABLE t (id int);");
        try (Migrator m = Migrator.configure().dataSource(db).locations(Location.directory(tmp)).build()) {
            m.migrate();
        }
        new MigrationsDir(tmp).write("V2__add.sql", "ALTER TABLE t ADD COLUMN note text;");
        try (Connection blocker = db.getConnection(); Statement st = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            st.execute("SELECT * FROM t");
            try (Migrator m = Migrator.configure().dataSource(db).locations(Location.directory(tmp))
                    .lockTimeout(Duration.ofMillis(50)).lockRetries(2).build()) {
                assertThatThrownBy(m::migrate).isInstanceOfSatisfying(MigrationFailedException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.LOCK_RETRIES_EXHAUSTED);
                    assertThat(e.sqlState()).isEqualTo("55P03");
                    assertThat(e.getMessage()).contains("3 attempts", "pg_blocking_pids");
                });
            }
            blocker.rollback();
        }
        assertThat(Sql.column(db, "SELECT version || ':' || state FROM public.migrate_history ORDER BY installed_rank"))
                .as("the attempt that gave up is kept for the record only").containsExactly("1:APPLIED", "2:ABORTED");
        assertThat(Sql.one(db, "SELECT error FROM public.migrate_history WHERE state = 'ABORTED'")).contains("lock timeout");
    }

    @Test
    void waiting_for_the_migration_lock_gives_up_after_lock_wait_naming_the_holder() throws Exception {
        new MigrationsDir(tmp).write("V1__t.sql", "CREATE TABLE t (id int);");
        try (Connection holder = db.getConnection();
             PreparedStatement lock = holder.prepareStatement("SELECT pg_advisory_lock(?)")) {
            holder.createStatement().execute("SET application_name = 'other-replica'");
            lock.setLong(1, AdvisoryLock.keyFor("public", "migrate_history"));
            lock.execute();
            try (Migrator m = Migrator.configure().dataSource(db).locations(Location.directory(tmp))
                    .lockWait(Duration.ofMillis(300)).build()) {
                assertThatThrownBy(m::migrate).isInstanceOfSatisfying(LockUnavailableException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.LOCK_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("other-replica", "lockWait");
                });
            }
        }
        assertThat(Sql.tableExists(db, "public.t")).isFalse();
        try (Migrator m = Migrator.configure().dataSource(db).locations(Location.directory(tmp)).build()) {
            assertThat(m.migrate().count()).as("a closed holder frees the lock").isEqualTo(1);
        }
    }
    /** Builds {@code runners} migrators, lets them all migrate at the same moment, and returns how many migrations they applied in total. */
    private static int migrateAtOnce(int runners, Supplier<MigratorBuilder> configuration) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(runners);
        List<Future<MigrateResult>> results = new ArrayList<>();
        try {
            for (int i = 0; i < runners; i++) {
                results.add(pool.submit(() -> {
                    try (Migrator m = configuration.get().build()) {
                        start.await();
                        return m.migrate();
                    }
                }));
            }
            start.countDown();
            int applied = 0;
            for (Future<MigrateResult> f : results) {
                applied += f.get(60, TimeUnit.SECONDS).count();
            }
            return applied;
        } finally {
            pool.shutdownNow();
        }
    }
}
