package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.testing.Child;
import dev.migrate.testing.MigrationsDir;
import dev.migrate.testing.Sql;
import dev.migrate.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A runner killed with {@code kill -9} in the middle of a non-transactional migration: during a
 * concurrent index build, between a statement and its record, and while its progress is being
 * written. PostgreSQL finishes (or, with {@code client_connection_check_interval} on, cancels)
 * what the dead process had started; the next run waits for that, reports exactly how far the
 * migration got by the catalog, and resumes from there.
 */
class CrashRecoveryTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private final DataSource db = TestDatabases.newDatabase();
    private final String url = TestDatabases.url(db);
    private final List<MigrationEvent> events = new CopyOnWriteArrayList<>();

    private MigrationsDir dir() {
        return new MigrationsDir(tmp);
    }

    private Migrator migrator() {
        return Migrator.configure().dataSource(db).locations(Location.directory(tmp)).listener(events::add)
                .lockWait(PATIENCE).build();
    }

    private MigrateResult migrate() {
        try (Migrator m = migrator()) {
            return m.migrate();
        }
    }

    private String[] checkInterval(boolean on) {
        return on ? new String[] {"--check-interval", "100"} : new String[0];
    }

    private void base() {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);\nINSERT INTO t SELECT g FROM generate_series(1, 10000) g;");
        migrate();
    }

    private String validity(String index) {
        return Sql.one(db, "SELECT coalesce((SELECT indisvalid::text FROM pg_index WHERE indexrelid = to_regclass('" + index
                + "')), 'absent')");
    }

    private List<String> history() {
        return Sql.column(db, "SELECT version || ':' || state || ':' || statements_done FROM public.migrate_history ORDER BY installed_rank");
    }

    /** The next run's refusal: after the kill, what migrate() reports. */
    private ValidationProblem refusal(CompletableFuture<Throwable> next) throws Exception {
        Throwable t = next.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(t).isInstanceOf(ValidationException.class);
        List<ValidationProblem> problems = ((ValidationException) t).problems();
        assertThat(problems).singleElement().extracting(ValidationProblem::code).isEqualTo(ErrorCode.FAILED_MIGRATION);
        return problems.get(0);
    }

    private CompletableFuture<Throwable> nextRun() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                migrate();
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
    }

    private void resumeAndFinish() {
        try (Migrator m = migrator()) {
            m.resolve().resume("2");
            m.migrate();
            assertThat(m.status().isValid()).isTrue();
            assertThat(m.status().pending()).isEmpty();
        }
    }

    @ParameterizedTest(name = "client_connection_check_interval on: {0}")
    @ValueSource(booleans = {false, true})
    void killed_during_a_concurrent_index_build(boolean interval) throws Exception {
        base();
        dir().write("V2__index.sql", "CREATE INDEX CONCURRENTLY t_id ON t (id);\nCREATE TABLE after_index (id int);");
        CompletableFuture<Throwable> next;
        try (Connection snapshot = db.getConnection(); Child child = Child.start(url, tmp, checkInterval(interval))) {
            // An open snapshot keeps the build waiting at its last phase, with its index INVALID.
            snapshot.setAutoCommit(false);
            snapshot.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement st = snapshot.createStatement()) {
                st.execute("SELECT count(*) FROM t");
            }
            awaitTrue("the build waits", () -> childSessions("query LIKE 'CREATE INDEX CONCURRENTLY%' AND wait_event_type = 'Lock'") == 1);
            child.kill();
            if (interval) {
                awaitTrue("the server notices the client is gone", () -> childSessions("true") == 0);
            }
            next = nextRun();
            if (!interval) {
                // The dead runner's session still builds the index, and holds the migration lock meanwhile: the next
                // run waits for it, visibly.
                awaitTrue("the next run waits for the lock", () -> events.stream().anyMatch(e -> e instanceof MigrationEvent.LockWaiting w
                        && w.holder().contains("CREATE INDEX CONCURRENTLY")));
            }
            snapshot.commit();
        }

        ValidationProblem p = refusal(next);
        if (interval) {
            assertThat(validity("t_id")).isEqualTo("false");
            assertThat(p.message()).contains("interrupted", "Statement 1 (line 1) stopped part-way",
                    "INVALID index \"public\".\"t_id\"", "the next attempt drops and builds again", "0 of 2 statements completed");
        } else {
            assertThat(validity("t_id")).isEqualTo("true");
            assertThat(p.message()).contains("interrupted", "recorded 0, but statement 1 (line 1) completed after that",
                    "\"public\".\"t_id\" exists and is valid", "1 of 2 statements completed");
        }
        resumeAndFinish();
        assertThat(validity("t_id")).isEqualTo("true");
        assertThat(Sql.tableExists(db, "public.after_index")).isTrue();
        assertThat(events.stream().anyMatch(MigrationEvent.InvalidIndexDropped.class::isInstance)).isEqualTo(interval);
    }

    @ParameterizedTest(name = "client_connection_check_interval on: {0}")
    @ValueSource(booleans = {false, true})
    void killed_between_a_statement_and_its_record(boolean interval) throws Exception {
        base();
        dir().write("V2__index.sql", "CREATE INDEX CONCURRENTLY t_id ON t (id);\nCREATE TABLE after_index (id int);");
        List<String> args = new ArrayList<>(List.of("--pause-after", "V2__index.sql:1"));
        args.addAll(List.of(checkInterval(interval)));
        try (Child child = Child.start(url, tmp, args.toArray(String[]::new))) {
            child.awaitLine("PAUSED", PATIENCE);
            child.kill();
        }
        String oid = Sql.one(db, "SELECT to_regclass('t_id')::oid::text");

        ValidationProblem p = refusal(nextRun());

        assertThat(history()).endsWith("2:RUNNING:0");
        assertThat(p.message()).contains("recorded 0, but statement 1 (line 1) completed after that", "1 of 2 statements completed");
        resumeAndFinish();
        assertThat(Sql.one(db, "SELECT to_regclass('t_id')::oid::text")).as("the index was not built again").isEqualTo(oid);
        assertThat(Sql.tableExists(db, "public.after_index")).isTrue();
    }

    @ParameterizedTest(name = "client_connection_check_interval on: {0}")
    @ValueSource(booleans = {false, true})
    void killed_while_its_progress_is_being_recorded(boolean interval) throws Exception {
        base();
        // Holds every progress update of the history until the test lets go of advisory lock 4242.
        Sql.execute(db, "CREATE FUNCTION hold_progress() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " IF NEW.statements_done > OLD.statements_done THEN PERFORM pg_advisory_xact_lock(4242); END IF;"
                + " RETURN NEW; END $$;\n"
                + "CREATE TRIGGER hold BEFORE UPDATE ON public.migrate_history FOR EACH ROW EXECUTE FUNCTION hold_progress()");
        dir().write("V2__tables.sql", "-- migrate:no-transaction\nCREATE TABLE side (id int);\nCREATE TABLE after_side (id int);");
        try (Connection holder = db.getConnection(); Child child = Child.start(url, tmp, checkInterval(interval))) {
            try (Statement st = holder.createStatement()) {
                st.execute("SELECT pg_advisory_lock(4242)");
            }
            awaitTrue("the progress update waits", () -> childSessions("query LIKE 'UPDATE%migrate_history%' AND wait_event = 'advisory'") == 1);
            child.kill();
            if (interval) {
                awaitTrue("the server cancels the orphaned update", () -> childSessions("query LIKE 'UPDATE%'") == 0);
            }
            try (Statement st = holder.createStatement()) {
                st.execute("SELECT pg_advisory_unlock(4242)");
            }
            awaitTrue("the dead runner's sessions end", () -> childSessions("true") == 0);
        }
        Sql.execute(db, "DROP TRIGGER hold ON public.migrate_history");

        ValidationProblem p = refusal(nextRun());

        // With the check off, PostgreSQL finished the orphaned update; with it on, it cancelled it. Either way the
        // report says what the catalog shows.
        assertThat(history()).endsWith(interval ? "2:RUNNING:0" : "2:RUNNING:1");
        assertThat(Sql.tableExists(db, "public.side")).isTrue();
        assertThat(Sql.tableExists(db, "public.after_side")).isFalse();
        assertThat(p.message()).contains("1 of 2 statements completed");
        try (Migrator m = migrator()) {
            m.resolve().resume("2");
            m.migrate();
        }
        assertThat(Sql.tableExists(db, "public.after_side")).isTrue();
    }

    private long childSessions(String condition) {
        return Long.parseLong(Sql.one(db, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'migrate-child'"
                + " AND datname = current_database() AND (" + condition + ")"));
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }
}
