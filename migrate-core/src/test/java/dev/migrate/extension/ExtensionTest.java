package dev.migrate.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import dev.migrate.ErrorCode;
import dev.migrate.Location;
import dev.migrate.MigrateResult;
import dev.migrate.MigrationEvent;
import dev.migrate.MigrationFailedException;
import dev.migrate.MigrationState;
import dev.migrate.Migrator;
import dev.migrate.MigratorBuilder;
import dev.migrate.Plan;
import dev.migrate.TransactionMode;
import dev.migrate.ValidationException;
import dev.migrate.Version;
import dev.migrate.spi.Script;
import dev.migrate.spi.StepRunner;
import dev.migrate.testing.MigrationsDir;
import dev.migrate.testing.Sql;
import dev.migrate.testing.TestDatabases;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A step runner and a migration source from outside core ({@link OpsRunner}, {@link InlineSource},
 * this package: public API and SPI only), run under {@code migrate()}.
 */
class ExtensionTest {
    @TempDir
    Path tmp;

    private final DataSource db = TestDatabases.newDatabase();
    private final List<MigrationEvent> events = new CopyOnWriteArrayList<>();

    private MigratorBuilder configure() {
        new MigrationsDir(tmp).write("V1__table.sql", "CREATE TABLE t (id int PRIMARY KEY);");
        return Migrator.configure().dataSource(db).locations(Location.directory(tmp)).listener(events::add);
    }

    /** Holds ACCESS SHARE on {@code t} (which every ALTER TABLE waits for) for {@code millis}, on a session of its own. */
    private CompletableFuture<Void> blockTable(long millis) throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        CompletableFuture<Void> blocker = CompletableFuture.runAsync(() -> {
            try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                st.execute("LOCK TABLE t IN ACCESS SHARE MODE");
                held.countDown();
                Thread.sleep(millis);
                c.commit();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        return blocker;
    }

    private List<MigrationEvent.StatementRetried> retries(String script) {
        return events.stream().filter(MigrationEvent.StatementRetried.class::isInstance).map(MigrationEvent.StatementRetried.class::cast)
                .filter(e -> e.script().equals(script)).toList();
    }

    @Test
    void the_extension_uses_only_the_public_api_and_spi() {
        var classes = new ClassFileImporter().importPackages("dev.migrate.extension");
        assertThat(classes).isNotEmpty();
        ArchRuleDefinition.noClasses().that().resideInAPackage("dev.migrate.extension..")
                .should().dependOnClassesThat().resideInAPackage("dev.migrate.internal..").check(classes);
    }

    @Test
    void a_module_source_and_runner_apply_a_step_that_retries_past_a_blocker_and_then_succeeds() throws Exception {
        try (Migrator migrator = configure().lockTimeout(Duration.ofMillis(100)).stepRunner(new OpsRunner())
                .source(new InlineSource().with("V2__add_note.ops", "ALTER TABLE t ADD COLUMN note text\n"
                        + "ALTER TABLE t ADD COLUMN tag text")).build()) {
            migrator.migrate();
            CompletableFuture<Void> blocker;
            // V1 is applied; now V2 meets the blocker.
            try (Migrator again = migrator.config().toBuilder().source(new InlineSource().with("V3__add_more.ops",
                    "ALTER TABLE t ADD COLUMN more text")).build()) {
                blocker = blockTable(1500);
                MigrateResult result = again.migrate();
                blocker.join();
                assertThat(result.applied()).extracting(MigrateResult.Applied::script).containsExactly("V3__add_more.ops");
                assertThat(result.applied().get(0).attempts()).isGreaterThan(1);
            }
            assertThat(retries("V3__add_more.ops")).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.serverMessage()).contains("lock timeout"));
            assertThat(Sql.column(db, "SELECT column_name FROM information_schema.columns WHERE table_name = 't' ORDER BY 1"))
                    .containsExactly("id", "more", "note", "tag");
            assertThat(Sql.column(db, "SELECT state || ' ' || statements_done || '/' || statements_total FROM migrate_history"
                    + " WHERE version IN ('2', '3') ORDER BY installed_rank")).containsExactly("APPLIED 2/2", "APPLIED 1/1");
        }
    }

    @Test
    void a_transactional_step_of_code_runs_again_from_the_start_after_a_lock_timeout() throws Exception {
        try (Migrator migrator = configure().lockTimeout(Duration.ofMillis(100)).build()) {
            migrator.migrate();
        }
        try (Migrator migrator = configure().lockTimeout(Duration.ofMillis(100)).stepRunner(new OpsRunner())
                .source(new InlineSource().with("V2__both.ops", "# transactional\nINSERT INTO t VALUES (1)\n"
                        + "ALTER TABLE t ADD COLUMN note text")).build()) {
            CompletableFuture<Void> blocker = blockTable(1200);
            migrator.migrate();
            blocker.join();
        }
        long attempts = events.stream().filter(OpsRunner.AttemptStarted.class::isInstance).count();
        assertThat(attempts).isGreaterThan(1);
        assertThat(retries("V2__both.ops")).hasSize((int) attempts - 1);
        // Each failed attempt was rolled back with its INSERT: one row, not one per attempt.
        assertThat(Sql.one(db, "SELECT count(*) FROM t")).isEqualTo("1");
        assertThat(Sql.one(db, "SELECT state FROM migrate_history WHERE version = '2' AND state <> 'ABORTED'")).isEqualTo("APPLIED");
    }

    @Test
    void what_a_step_says_needs_doing_next_reaches_the_result_once_and_only_from_the_attempt_that_succeeded() throws Exception {
        try (Migrator migrator = configure().lockTimeout(Duration.ofMillis(100)).build()) {
            migrator.migrate();
        }
        try (Migrator migrator = configure().lockTimeout(Duration.ofMillis(100)).stepRunner(new OpsRunner())
                .source(new InlineSource().with("V2__later.ops", "# transactional\n# notice: complete V2 once the new code runs\n"
                        + "ALTER TABLE t ADD COLUMN note text")).build()) {
            CompletableFuture<Void> blocker = blockTable(1200);
            MigrateResult result = migrator.migrate();
            blocker.join();
            assertThat(result.applied().get(0).attempts()).isGreaterThan(1);
            assertThat(result.notices()).containsExactly("complete V2 once the new code runs");
            assertThat(result.toText()).contains("Next: complete V2 once the new code runs");
            assertThat(result.toJson().replaceAll("\\s+", "")).contains("\"notices\":[\"completeV2oncethenewcoderuns\"]");

            MigrateResult again = migrator.migrate();
            assertThat(again.applied()).isEmpty();
            assertThat(again.notices()).isEmpty();
        }
        // A later migration's failure keeps what the earlier ones of the same call said.
        try (Migrator migrator = configure().stepRunner(new OpsRunner()).source(new InlineSource()
                .with("V2__later.ops", "# transactional\n# notice: complete V2 once the new code runs\nALTER TABLE t ADD COLUMN note text")
                .with("V3__later.ops", "# notice: complete V3 too\nALTER TABLE t ADD COLUMN more text")
                .with("V4__broken.ops", "ALTER TABLE missing ADD COLUMN x int")).build()) {
            assertThatThrownBy(migrator::migrate).isInstanceOfSatisfying(MigrationFailedException.class, e -> {
                assertThat(e.completed()).extracting(MigrateResult.Applied::script).containsExactly("V3__later.ops");
                assertThat(e.notices()).containsExactly("complete V3 too");
                assertThat(e.getMessage()).contains("\n  Next: complete V3 too");
            });
        }
    }

    @Test
    void a_step_of_code_that_keeps_meeting_a_lock_fails_with_the_code_for_exhausted_retries() throws Exception {
        try (Migrator migrator = configure().build()) {
            migrator.migrate();
        }
        try (Migrator migrator = configure().lockTimeout(Duration.ofMillis(100)).lockRetries(1).stepRunner(new OpsRunner())
                .source(new InlineSource().with("V2__alter.ops", "ALTER TABLE t ADD COLUMN note text")).build()) {
            CompletableFuture<Void> blocker = blockTable(3000);
            assertThatThrownBy(migrator::migrate).isInstanceOfSatisfying(MigrationFailedException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.LOCK_RETRIES_EXHAUSTED);
                assertThat(e.getMessage()).contains("gave up after 2 attempts");
            });
            blocker.join();
        }
    }

    @Test
    void a_step_of_code_cannot_release_the_migration_lock_or_run_its_own_transaction() {
        for (String line : List.of("DISCARD ALL", "SELECT pg_advisory_unlock_all()", "BEGIN", "COMMIT")) {
            new MigrationsDir(tmp).write("V2__bad.ops", line);
            try (Migrator migrator = configure().stepRunner(new OpsRunner()).build()) {
                assertThatThrownBy(migrator::migrate).as(line).isInstanceOfSatisfying(MigrationFailedException.class,
                        e -> assertThat(e.getMessage()).contains("is refused"));
                migrator.resolve().markRolledBack("2");
            }
        }
    }

    /** Runs {@code .stmts} files as statement steps (one statement per line), in the mode the first line names. */
    private static final StepRunner STATEMENTS = new StepRunner() {
        @Override
        public boolean runs(Script script) {
            return script.path().endsWith(".stmts");
        }

        @Override
        public Step prepare(Script script, Context context) {
            List<String> lines = script.text().lines().toList();
            List<Plan.Statement> statements = new java.util.ArrayList<>();
            for (int i = 1; i < lines.size(); i++) {
                statements.add(new Plan.Statement(i + 1, lines.get(i)));
            }
            TransactionMode mode = TransactionMode.valueOf(lines.get(0).strip());
            return Step.statements(mode, mode == TransactionMode.TRANSACTIONAL ? null : "asked for", statements);
        }
    };

    @Test
    void a_step_of_statements_is_checked_like_a_sql_file_before_anything_runs() {
        for (String[] bad : new String[][] {{"NON_TRANSACTIONAL\nCREATE TABLE a (id int)\nDISCARD ALL", "RELEASES_MIGRATION_LOCK"},
                {"TRANSACTIONAL\nCREATE TABLE a (id int)\nCREATE INDEX CONCURRENTLY t_id ON t (id)", "TRANSACTION_CONTROL"}}) {
            new MigrationsDir(tmp).write("V2__bad.stmts", bad[0]);
            try (Migrator migrator = configure().stepRunner(STATEMENTS).build()) {
                assertThatThrownBy(migrator::migrate).as(bad[0]).isInstanceOfSatisfying(dev.migrate.MigrationException.class,
                        e -> assertThat(e.getMessage()).contains("V2__bad.stmts"));
                assertThatThrownBy(migrator::migrate).isInstanceOfSatisfying(dev.migrate.MigrationException.class,
                        e -> assertThat(e.code().name() + " " + e.getMessage()).contains(bad[1]));
            }
            assertThat(Sql.tableExists(db, "public.a")).as(bad[0]).isFalse();
        }
    }

    @Test
    void a_runner_that_fails_while_preparing_is_named_with_its_code_and_nothing_runs() {
        StepRunner broken = new StepRunner() {
            @Override
            public boolean runs(Script script) {
                return script.path().endsWith(".stmts");
            }

            @Override
            public Step prepare(Script script, Context context) {
                throw new IllegalStateException("cannot parse " + script.fileName());
            }
        };
        new MigrationsDir(tmp).write("V2__x.stmts", "TRANSACTIONAL\nCREATE TABLE a (id int)");
        try (Migrator migrator = configure().stepRunner(broken).build()) {
            assertThatThrownBy(migrator::migrate).isInstanceOfSatisfying(dev.migrate.MigrationException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.STEP_RUNNER_FAILED);
                assertThat(e.getMessage()).contains(broken.getClass().getName(), "V2__x.stmts", "cannot parse V2__x.stmts");
            });
        }
        assertThat(Sql.tableExists(db, "public.t")).isFalse();
    }

    @Test
    void a_failed_step_of_code_resumes_after_the_units_it_recorded() {
        MigrationsDir dir = new MigrationsDir(tmp);
        dir.write("V2__two_steps.ops", "ALTER TABLE t ADD COLUMN a int\nINSERT INTO missing VALUES (1)\nALTER TABLE t ADD COLUMN b int");
        try (Migrator migrator = configure().stepRunner(new OpsRunner()).build()) {
            assertThatThrownBy(migrator::migrate).isInstanceOfSatisfying(MigrationFailedException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.MIGRATION_FAILED);
                assertThat(e.script()).isEqualTo("V2__two_steps.ops");
                assertThat(e.getMessage()).contains("relation \"missing\" does not exist").contains("INSERT INTO missing")
                        .contains("resolve().resume(\"2\")");
            });
            assertThat(Sql.one(db, "SELECT state || ' ' || statements_done FROM migrate_history WHERE version = '2'"))
                    .isEqualTo("FAILED 1");
            assertThat(migrator.status().problems()).singleElement().satisfies(p -> assertThat(p.message())
                    .contains("recorded 1 unit(s) of work as complete"));

            Sql.execute(db, "CREATE TABLE missing (id int)");
            migrator.resolve().resume("2");
            migrator.migrate();
            // Line 1 did not run again (it would fail: column a exists), line 2 and 3 did.
            assertThat(migrator.status().migrations()).extracting(m -> m.state()).containsOnly(MigrationState.APPLIED);
            assertThat(Sql.one(db, "SELECT count(*) FROM missing")).isEqualTo("1");
            assertThat(events).filteredOn(OpsRunner.AttemptStarted.class::isInstance).map(e -> ((OpsRunner.AttemptStarted) e).resumeFrom())
                    .containsExactly(0, 1);
        }
    }

    @Test
    void core_layouts_read_a_file_type_that_a_runner_runs_and_name_one_that_none_runs() throws IOException {
        new MigrationsDir(tmp).write("V2__note.ops", "ALTER TABLE t ADD COLUMN note text");
        try (Migrator migrator = configure().build()) {
            assertThatThrownBy(migrator::validate).isInstanceOfSatisfying(ValidationException.class, e ->
                    assertThat(e.problems()).singleElement().satisfies(p -> {
                        assertThat(p.code()).isEqualTo(ErrorCode.INVALID_NAME);
                        assertThat(p.script()).isEqualTo("V2__note.ops");
                        assertThat(p.message()).contains("no step runner runs .ops files");
                    }));
        }
        try (Migrator migrator = configure().stepRunner(new OpsRunner()).options(new OpsRunner.Options(true)).build()) {
            Plan plan = migrator.plan();
            assertThat(plan.migrations()).extracting(Plan.Step::script).containsExactly("V1__table.sql", "V2__note.ops");
            assertThat(plan.migrations().get(1)).satisfies(step -> {
                assertThat(step.mode()).isEqualTo(TransactionMode.NON_TRANSACTIONAL);
                assertThat(step.modeReason()).isEqualTo("each line of an .ops script commits on its own");
                assertThat(step.statements()).extracting(Plan.Statement::sql).containsExactly("ALTER TABLE t ADD COLUMN note text");
            });
            migrator.migrate();
        }
        assertThat(events).contains(new OpsRunner.LineDone("V2__note.ops", 1));
    }

    @Test
    void a_source_claims_files_so_that_core_does_not_report_them_and_versions_stay_unique_across_sources() {
        MigrationsDir dir = new MigrationsDir(tmp);
        dir.write("skip-notes.sql", "this is not SQL");
        try (Migrator migrator = configure().stepRunner(new OpsRunner()).source(new InlineSource()).build()) {
            assertThat(migrator.status().problems()).isEmpty();
        }
        try (Migrator migrator = configure().stepRunner(new OpsRunner())
                .source(new InlineSource().with("V1__also_one.ops", "SELECT 1")).build()) {
            assertThat(migrator.status().problems()).singleElement().satisfies(p -> {
                assertThat(p.code()).isEqualTo(ErrorCode.DUPLICATE_VERSION);
                assertThat(p.script() + ": " + p.message()).contains("V1__table.sql").contains("V1__also_one.ops in inline");
            });
        }
    }

    @Test
    void runners_and_sources_are_found_through_the_service_loader() throws IOException {
        Path services = Files.createDirectories(tmp.resolve("services/META-INF/services"));
        Files.writeString(services.resolve("dev.migrate.spi.StepRunner"), OpsRunner.class.getName() + "\n");
        new MigrationsDir(tmp).write("V2__note.ops", "ALTER TABLE t ADD COLUMN note text");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {tmp.resolve("services").toUri().toURL()}, getClass().getClassLoader());
             Migrator migrator = configure().classLoader(loader).build()) {
            assertThat(migrator.migrate().applied()).extracting(MigrateResult.Applied::version)
                    .containsExactly(Version.parse("1"), Version.parse("2"));
        }
    }

    /** A runner of {@code .code} scripts whose step runs {@code body}. */
    private static StepRunner codeRunner(StepRunner.Body body) {
        return new StepRunner() {
            @Override
            public boolean runs(Script script) {
                return script.path().endsWith(".code");
            }

            @Override
            public Step prepare(Script script, Context context) {
                return Step.code(TransactionMode.NON_TRANSACTIONAL, "code", body);
            }
        };
    }

    @Test
    void a_runner_may_hand_a_script_back_to_be_run_exactly_as_a_sql_file() {
        StepRunner plain = new StepRunner() {
            @Override
            public boolean runs(Script script) {
                return script.path().endsWith(".tsql");
            }

            @Override
            public Step prepare(Script script, Context context) {
                Step read = context.sql().prepare(script, context);
                assertThat(read.statements()).extracting(Plan.Statement::sql).first().asString().contains("VALUES (5)");
                return Step.asSql();
            }
        };
        try (Migrator migrator = configure().placeholder("n", "5").stepRunner(plain).source(new InlineSource().with("V2__plain.tsql",
                "BEGIN;\nINSERT INTO t VALUES (${n});\nINSERT INTO t VALUES (1 / 0);\nCOMMIT;")).build()) {
            assertThat(migrator.plan().migrations()).last().satisfies(step -> {
                assertThat(step.mode()).isEqualTo(TransactionMode.TRANSACTIONAL);
                assertThat(step.statements()).extracting(Plan.Statement::line).containsExactly(2, 3);
            });
            assertThatThrownBy(migrator::migrate).isInstanceOf(MigrationFailedException.class).hasMessageContaining("division by zero");
            // Run as a SQL file is: its own BEGIN / COMMIT unwrapped, in one transaction with its history row.
            assertThat(Sql.one(db, "SELECT count(*) FROM t")).isEqualTo("0");
        }
    }

    @Test
    void a_guard_refuses_migrate_under_the_lock_whatever_the_policy_and_a_plain_checker_does_not() {
        java.util.concurrent.atomic.AtomicLong locksSeen = new java.util.concurrent.atomic.AtomicLong(-1);
        dev.migrate.spi.PlanChecker guard = new dev.migrate.spi.PlanChecker() {
            @Override
            public List<dev.migrate.Finding> check(Plan plan, Context context) {
                locksSeen.set(Long.parseLong(Sql.one(db, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")));
                assertThat(context.settings()).isNotNull();
                return plan.migrations().stream().filter(s -> s.script().contains("forbidden"))
                        .map(s -> new dev.migrate.Finding("no-forbidden", dev.migrate.Severity.LOW, s.script(), 1, "forbidden here", ""))
                        .toList();
            }

            @Override
            public boolean guards() {
                return true;
            }
        };
        dev.migrate.spi.PlanChecker loud = (plan, context) -> plan.migrations().stream()
                .map(s -> new dev.migrate.Finding("loud", dev.migrate.Severity.CRITICAL, s.script(), 1, "always", "")).toList();
        new MigrationsDir(tmp).write("V2__forbidden.sql", "CREATE TABLE f (id int);");
        try (Migrator migrator = configure().checker(guard).checker(loud).build()) {
            assertThatThrownBy(migrator::migrate).isInstanceOfSatisfying(dev.migrate.RiskRefusedException.class, e -> {
                assertThat(e.findings()).extracting(dev.migrate.Finding::rule).containsExactly("no-forbidden");
                assertThat(e.policy()).isNull();
            });
            assertThat(locksSeen.get()).as("the guard ran under the migration lock").isEqualTo(1);
            assertThat(Sql.tableExists(db, "public.t")).as("not even V1 ran").isFalse();
        }
        new MigrationsDir(tmp).write("V2__forbidden.sql", "CREATE TABLE f (id int); -- renamed below");
        try {
            Files.move(tmp.resolve("V2__forbidden.sql"), tmp.resolve("V2__allowed.sql"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try (Migrator migrator = configure().checker(guard).checker(loud).build()) {
            assertThat(migrator.migrate().applied()).as("the loud checker is no guard, and no policy is set").hasSize(2);
        }
    }

    @Test
    void a_step_that_refuses_before_it_runs_a_statement_is_recorded_aborted_and_blocks_nothing() {
        StepRunner refusing = codeRunner(session -> {
            if (session.inspect().table("t").flatMap(t -> t.column("note")).isEmpty()) {
                throw new StepRunner.Refused(session.script() + ": table t has no column note");
            }
            session.execute("ALTER TABLE t DROP COLUMN note");
        });
        try (Migrator migrator = configure().stepRunner(refusing).source(new InlineSource().with("V2__drop_note.code", "")).build()) {
            assertThatThrownBy(migrator::migrate).isInstanceOfSatisfying(StepRunner.Refused.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.STEP_REFUSED)).hasMessageContaining("has no column note");
            assertThat(Sql.column(db, "SELECT state FROM migrate_history WHERE version = '2'")).containsExactly("ABORTED");
            assertThat(migrator.status().pending()).extracting(i -> i.version().toString()).containsExactly("2");

            Sql.execute(db, "ALTER TABLE t ADD COLUMN note text");
            assertThat(migrator.migrate().applied()).hasSize(1);
            assertThat(Sql.column(db, "SELECT state FROM migrate_history WHERE version = '2' ORDER BY installed_rank"))
                    .containsExactly("ABORTED", "APPLIED");
        }
    }

    @Test
    void a_refusal_after_a_statement_ran_is_a_failure_to_resolve() {
        StepRunner late = codeRunner(session -> {
            session.execute("ALTER TABLE t ADD COLUMN note text");
            throw new StepRunner.Refused("too late to refuse");
        });
        try (Migrator migrator = configure().stepRunner(late).source(new InlineSource().with("V2__late.code", "")).build()) {
            assertThatThrownBy(migrator::migrate).isInstanceOf(MigrationFailedException.class).hasMessageContaining("too late");
            assertThat(Sql.column(db, "SELECT state FROM migrate_history WHERE version = '2'")).containsExactly("FAILED");
        }
    }

    @Test
    void code_run_exclusively_gets_the_lock_safe_session_and_leaves_no_history() throws Exception {
        try (Migrator migrator = configure().lockTimeout(Duration.ofMillis(100)).build()) {
            migrator.migrate();
            CompletableFuture<Void> blocker = blockTable(1000);
            List<String> seen = new CopyOnWriteArrayList<>();
            migrator.runExclusive("contract t", session -> {
                seen.add(session.script());
                try (Statement st = session.connection().createStatement();
                     var rs = st.executeQuery("SELECT current_setting('lock_timeout'), (SELECT count(*) FROM pg_locks"
                             + " WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted)")) {
                    rs.next();
                    seen.add(rs.getString(1) + " " + rs.getLong(2));
                }
                session.execute("ALTER TABLE t ADD COLUMN note text");
                session.progress(1);
            });
            blocker.join();
            assertThat(seen).containsExactly("contract t", "100ms 1");
            assertThat(retries("contract t")).isNotEmpty();
            assertThat(Sql.column(db, "SELECT column_name FROM information_schema.columns WHERE table_name = 't' ORDER BY 1"))
                    .containsExactly("id", "note");
            assertThat(Sql.column(db, "SELECT version FROM migrate_history")).containsExactly("1");

            assertThatThrownBy(() -> migrator.runExclusive("contract u", session -> session.execute("ALTER TABLE u ADD COLUMN x int")))
                    .isInstanceOf(dev.migrate.DatabaseException.class).hasMessageContaining("contract u failed")
                    .hasMessageContaining("ALTER TABLE u");
            assertThatThrownBy(() -> migrator.runExclusive("refuse", session -> {
                throw new StepRunner.Refused("not now");
            })).isInstanceOf(StepRunner.Refused.class);
        }
    }

    @Test
    void a_script_asking_for_a_strategy_no_module_runs_is_refused_before_anything_runs() {
        new MigrationsDir(tmp).write("V2__widen.sql", "-- migrate:strategy expand-contract\nALTER TABLE t ALTER COLUMN id TYPE bigint;");
        try (Migrator migrator = configure().build()) {
            assertThatThrownBy(migrator::migrate).isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
                    .singleElement().satisfies(p -> {
                        assertThat(p.script()).isEqualTo("V2__widen.sql");
                        assertThat(p.line()).isEqualTo(1);
                        assertThat(p.message()).contains("strategy 'expand-contract', which no module on the class path runs");
                        assertThat(p.fix()).contains("migrate-zerodowntime");
                    }));
            assertThat(Sql.tableExists(db, "public.t")).isFalse();
        }
    }
}
