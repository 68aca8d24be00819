package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.testing.ConnectionSource;
import dev.migrate.testing.MigrationsDir;
import dev.migrate.testing.Sql;
import dev.migrate.testing.TestDatabases;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transactional migration without callbacks goes to the server in one round trip: its statements,
 * its history row and COMMIT. These tests hold that to the same results as running statement by
 * statement: the failing statement's line, nothing left behind, the history row's values.
 */
class PipelinedExecutionTest {
    @TempDir
    Path tmp;

    private final DataSource db = TestDatabases.newDatabase();

    private MigrateResult migrate(DataSource dataSource) {
        try (Migrator m = Migrator.configure().dataSource(dataSource).locations(Location.directory(tmp)).build()) {
            return m.migrate();
        }
    }

    @Test
    void the_failing_one_of_two_identical_statements_is_named_by_its_own_line() {
        new MigrationsDir(tmp).write("V1__seed.sql", "CREATE TABLE t (id int PRIMARY KEY);\n"
                + "INSERT INTO t VALUES (1);\n"
                + "INSERT INTO t VALUES (1);\n"
                + "INSERT INTO t VALUES (2);\n");

        assertThatThrownBy(() -> migrate(db)).isInstanceOfSatisfying(MigrationFailedException.class, e -> {
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.sqlState()).isEqualTo("23505");
            assertThat(e.getMessage()).contains("duplicate key", "Statement at line 3");
        });
        assertThat(Sql.tableExists(db, "public.t")).isFalse();
        assertThat(Sql.column(db, "SELECT state || ':' || statements_done || ':' || (error LIKE '%duplicate key%')"
                + " FROM public.migrate_history")).as("only the record of the rolled-back attempt").containsExactly("ABORTED:2:true");
    }

    @Test
    void queries_that_do_work_for_every_row_run_to_the_end() {
        new MigrationsDir(tmp).write("V1__mixed.sql", "CREATE TABLE log (n int);\n"
                + "CREATE FUNCTION note(n int) RETURNS int LANGUAGE sql AS $$ INSERT INTO log VALUES (n) RETURNING n $$;\n"
                + "SELECT note(g) FROM generate_series(1, 5) g;\n"
                + "CREATE SEQUENCE s;\n"
                + "SELECT nextval('s') FROM generate_series(1, 5);\n"
                + "WITH x AS (SELECT note(g) FROM generate_series(6, 8) g) SELECT count(*) FROM x;\n"
                + "(SELECT note(9) UNION ALL SELECT note(10));\n"
                + "VALUES (1), (2);\n"
                + "INSERT INTO log SELECT g FROM generate_series(11, 13) g RETURNING n;\n");

        MigrateResult result = migrate(db);

        assertThat(result.applied()).singleElement().extracting(MigrateResult.Applied::statements).isEqualTo(9);
        assertThat(Sql.one(db, "SELECT count(*) FROM log")).as("every row of every query").isEqualTo("13");
        assertThat(Sql.one(db, "SELECT last_value FROM s")).isEqualTo("5");
    }

    @Test
    void a_driver_error_after_the_commit_went_through_counts_the_migration_as_applied() {
        new MigrationsDir(tmp).write("V1__t.sql", "CREATE TABLE t (id int);\nINSERT INTO t VALUES (1);\n");
        TranslatingDataSource flaky = new TranslatingDataSource(db, UnaryOperator.identity(), connection -> {
            throw new BatchUpdateException("reply lost", "08006", 0, new int[0], new SQLException("reply lost", "08006"));
        });

        MigrateResult result = migrate(flaky);

        assertThat(result.applied()).singleElement().extracting(MigrateResult.Applied::script).isEqualTo("V1__t.sql");
        assertThat(flaky.oneByOne.get()).as("not run a second time").isZero();
        assertThat(Sql.one(db, "SELECT count(*) FROM t")).isEqualTo("1");
        assertThat(Sql.column(db, "SELECT version || ':' || state FROM public.migrate_history")).containsExactly("1:APPLIED");
    }

    @Test
    void a_connection_that_breaks_during_the_pipeline_is_reported_as_an_unknown_outcome() {
        new MigrationsDir(tmp).write("V1__t.sql", "CREATE TABLE t (id int);\n");
        TranslatingDataSource breaking = new TranslatingDataSource(db, UnaryOperator.identity(), connection -> {
            connection.close();
            throw new BatchUpdateException("I/O error", "08006", 0, new int[0], new SQLException("I/O error", "08006"));
        });

        assertThatThrownBy(() -> migrate(breaking)).isInstanceOf(DatabaseException.class)
                .hasMessageContaining("V1__t.sql")
                .hasMessageContaining("whether its transaction committed is unknown")
                .hasMessageContaining("status()");
    }

    @Test
    void the_history_row_keeps_awkward_descriptions_and_installers_intact() {
        new MigrationsDir(tmp).write("V1__it's_done.sql", "CREATE TABLE t (id int);");

        try (Migrator m = Migrator.configure().dataSource(db).locations(Location.directory(tmp))
                .installedBy("o'brien \\ deploy").build()) {
            m.migrate();
        }

        assertThat(Sql.one(db, "SELECT description || '|' || installed_by || '|' || script || '|' || state"
                + " || '|' || statements_done || '/' || statements_total FROM public.migrate_history"))
                .isEqualTo("it's done|o'brien \\ deploy|V1__it's_done.sql|APPLIED|1/1");
        assertThat(Sql.one(db, "SELECT count(*) FROM public.migrate_history"
                + " WHERE execution_ms >= 0 AND finished_at >= started_at AND checksum ~ '^[0-9a-f]{64}$'")).isEqualTo("1");
    }

    @Test
    void in_another_language_the_driver_quotes_the_failed_statement_and_that_names_it() {
        new MigrationsDir(tmp).write("V1__t.sql", "CREATE TABLE t (id int);\n\nINSERT INTO t VALUES ('x');\n");
        TranslatingDataSource german = new TranslatingDataSource(db,
                message -> message.replace("Batch entry", "Batch-Eintrag").replace("was aborted", "wurde abgebrochen"));

        assertThatThrownBy(() -> migrate(german)).isInstanceOfSatisfying(MigrationFailedException.class,
                e -> assertThat(e.line()).isEqualTo(3));
        assertThat(german.oneByOne.get()).as("no second run was needed").isZero();
        assertThat(Sql.tableExists(db, "public.t")).isFalse();
    }

    @Test
    void when_the_driver_does_not_say_which_statement_failed_the_migration_runs_again_one_statement_at_a_time() {
        new MigrationsDir(tmp).write("V1__t.sql", "CREATE TABLE t (id int PRIMARY KEY);\n"
                + "INSERT INTO t VALUES (1);\n"
                + "INSERT INTO t VALUES (1);\n");
        TranslatingDataSource unhelpful = new TranslatingDataSource(db, message -> "Stapelfehler");

        assertThatThrownBy(() -> migrate(unhelpful)).isInstanceOfSatisfying(MigrationFailedException.class, e -> {
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.sqlState()).isEqualTo("23505");
            assertThat(e.code()).isEqualTo(ErrorCode.MIGRATION_FAILED);
        });
        assertThat(unhelpful.oneByOne.get()).as("statements run one at a time after the pipeline failed").isEqualTo(3);
        assertThat(Sql.tableExists(db, "public.t")).isFalse();
        assertThat(Sql.column(db, "SELECT state FROM public.migrate_history")).containsExactly("ABORTED");
    }

    /**
     * The real data source, with pgjdbc's batch failure messages rewritten as a translated driver
     * would write them; counts the statements the engine runs one at a time after a batch failed.
     */
    private static final class TranslatingDataSource extends ConnectionSource {
        private final DataSource target;
        private final UnaryOperator<String> translate;
        private final AfterBatch afterBatch;
        final AtomicInteger oneByOne = new AtomicInteger();
        private volatile boolean batchFailed;

        TranslatingDataSource(DataSource target, UnaryOperator<String> translate) {
            this(target, translate, connection -> {
            });
        }

        /** @param afterBatch runs after each batch the server completed, and may fail as the driver would */
        TranslatingDataSource(DataSource target, UnaryOperator<String> translate, AfterBatch afterBatch) {
            this.target = target;
            this.translate = translate;
            this.afterBatch = afterBatch;
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection real = target.getConnection();
            return proxy(Connection.class, (method, args) -> {
                Object result = method.invoke(real, args);
                return result instanceof Statement st && method.getName().equals("createStatement") ? statement(st, real) : result;
            });
        }

        private Statement statement(Statement real, Connection connection) {
            return proxy(Statement.class, (method, args) -> {
                // The engine's own session restore (set_config) is not a migration statement.
                if (batchFailed && method.getName().equals("execute") && args != null && args.length == 1
                        && !((String) args[0]).contains("set_config(")) {
                    oneByOne.incrementAndGet();
                }
                try {
                    Object result = method.invoke(real, args);
                    if (method.getName().equals("executeBatch")) {
                        try {
                            afterBatch.run(connection);
                        } catch (BatchUpdateException e) {
                            batchFailed = true;
                            throw e;
                        }
                    }
                    return result;
                } catch (InvocationTargetException e) {
                    if (e.getCause() instanceof BatchUpdateException b) {
                        batchFailed = true;
                        BatchUpdateException translated = new BatchUpdateException(translate.apply(b.getMessage()),
                                b.getSQLState(), b.getErrorCode(), b.getUpdateCounts(), b.getCause());
                        translated.setNextException(b.getNextException());
                        throw translated;
                    }
                    throw e.getCause();
                }
            });
        }
    }

    private interface AfterBatch {
        void run(Connection connection) throws SQLException;
    }

    private interface Call {
        Object invoke(java.lang.reflect.Method method, Object[] args) throws Throwable;
    }

    private static <T> T proxy(Class<T> type, Call call) {
        return type.cast(Proxy.newProxyInstance(PipelinedExecutionTest.class.getClassLoader(), new Class<?>[] {type},
                (p, method, args) -> {
                    try {
                        return call.invoke(method, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                }));
    }
}
