package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.spi.PlanChecker;
import dev.migrate.testing.MigrationsDir;
import dev.migrate.testing.Sql;
import dev.migrate.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PlanAndReportsTest {
    @TempDir
    Path tmp;

    private final DataSource db = TestDatabases.newDatabase();

    private MigrationsDir dir() {
        return new MigrationsDir(tmp);
    }

    private MigratorBuilder configure() {
        return Migrator.configure().dataSource(db).locations(Location.directory(tmp));
    }

    /** Flags every CREATE INDEX without CONCURRENTLY, and records what it was given. */
    private static final class IndexChecker implements PlanChecker {
        final List<Context> contexts = new ArrayList<>();

        @Override
        public List<Finding> check(Plan plan, Context context) {
            contexts.add(context);
            List<Finding> findings = new ArrayList<>();
            for (Plan.Step step : plan.migrations()) {
                for (Plan.Statement s : step.statements()) {
                    if (s.sql().startsWith("CREATE INDEX") && !s.sql().contains("CONCURRENTLY")) {
                        findings.add(new Finding("index-without-concurrently", Severity.HIGH, step.script(), s.line(),
                                "Blocks writes to the table while the index builds.", "Use CREATE INDEX CONCURRENTLY."));
                    }
                }
            }
            return findings;
        }
    }

    @Test
    void plan_lists_statements_with_lines_and_modes_and_the_findings_of_configured_checkers() throws Exception {
        dir().write("V1__t.sql", "CREATE TABLE t (id int, owner text);\n\nCREATE INDEX t_id ON t (id);")
                .write("V2__concurrent.sql", "CREATE INDEX CONCURRENTLY t_owner ON t (owner);")
                .write("R__grants.sql", "GRANT SELECT ON t TO ${reader};");
        IndexChecker checker = new IndexChecker();
        try (Migrator m = configure().placeholder("reader", "PUBLIC").checker(checker).build()) {
            Plan plan = m.plan();

            assertThat(plan.migrations()).extracting(Plan.Step::script, Plan.Step::mode).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("V1__t.sql", TransactionMode.TRANSACTIONAL),
                    org.assertj.core.groups.Tuple.tuple("V2__concurrent.sql", TransactionMode.NON_TRANSACTIONAL),
                    org.assertj.core.groups.Tuple.tuple("R__grants.sql", TransactionMode.TRANSACTIONAL));
            assertThat(plan.migrations().get(0).statements()).extracting(Plan.Statement::line).containsExactly(1, 3);
            assertThat(plan.migrations().get(2).statements().get(0).sql()).isEqualTo("GRANT SELECT ON t TO PUBLIC");
            assertThat(plan.findings()).singleElement().satisfies(f -> {
                assertThat(f.script()).isEqualTo("V1__t.sql");
                assertThat(f.line()).isEqualTo(3);
            });
            assertThat(plan.findingsAbove(Severity.MEDIUM)).hasSize(1);
            assertThat(plan.findingsAbove(Severity.HIGH)).isEmpty();
            assertThat(checker.contexts).singleElement().satisfies(c -> {
                assertThat(c.schema()).isEqualTo("public");
                assertThat(c.serverMajorVersion()).isGreaterThanOrEqualTo(12);
            });
            assertThat(m.status().pending()).as("a plan changes nothing").hasSize(3);

            String text = plan.toText();
            assertThat(text).contains("Plan: 3 migration(s), 4 statement(s)", "V2__concurrent.sql  [non_transactional:",
                    "3 | CREATE INDEX t_id ON t (id)\n", "HIGH     V1__t.sql:3 [index-without-concurrently]",
                    "fix: Use CREATE INDEX CONCURRENTLY.");

            JsonNode json = JsonMapper.builder().build().readTree(plan.toJson());
            assertThat(json.get("migrations")).hasSize(3);
            assertThat(json.get("migrations").get(0).get("statements").get(1).get("line").asInt()).isEqualTo(3);
            assertThat(json.get("findings").get(0).get("severity").asString()).isEqualTo("HIGH");
        }
    }

    @Test
    void migrate_with_a_policy_refuses_findings_above_it_and_changes_nothing() {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);").write("V2__idx.sql", "CREATE INDEX t_id ON t (id);");
        IndexChecker checker = new IndexChecker();
        try (Migrator m = configure().checker(checker).refuseFindingsAbove(Severity.MEDIUM).build()) {
            assertThatThrownBy(m::migrate).isInstanceOf(RiskRefusedException.class)
                    .hasMessageContaining("Refusing to migrate: 1 finding is above the policy (refuseFindingsAbove(MEDIUM))")
                    .hasMessageContaining("HIGH V2__idx.sql:1 [index-without-concurrently]")
                    .hasMessageContaining("-- migrate:allow <rule> reason=")
                    .satisfies(e -> assertThat(((RiskRefusedException) e).findings()).hasSize(1));

            assertThat(m.status().pending()).as("nothing applied, not even V1").hasSize(2);
            assertThat(Sql.tableExists(db, "public.migrate_history")).as("history table not created either").isFalse();
        }
    }

    @Test
    void migrate_with_a_policy_runs_no_checker_when_nothing_is_pending_and_applies_what_passes() {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);").write("V2__idx.sql", "CREATE INDEX CONCURRENTLY t_id ON t (id);");
        IndexChecker checker = new IndexChecker();
        try (Migrator m = configure().checker(checker).refuseFindingsAbove(Severity.MEDIUM).build()) {
            assertThat(m.migrate().count()).isEqualTo(2);
            assertThat(checker.contexts).as("checked once, before applying").hasSize(1);

            m.migrate();
            assertThat(checker.contexts).as("the no-op run stays on the fast path").hasSize(1);
        }
    }

    @Test
    void status_and_results_render_as_a_table_and_as_json() throws Exception {
        dir().write("V1__customers.sql", "CREATE TABLE customers (id int);").write("V2__orders.sql", "CREATE TABLE orders (id int);");
        try (Migrator m = configure().installedBy("deployer").build()) {
            MigrateResult result = m.migrate();
            dir().write("V3__later.sql", "CREATE TABLE later (id int);");
            Status status = m.status();

            assertThat(result.toText()).contains("Applied 2 migration(s)", "version none -> 2", "V2__orders.sql    | transactional");
            assertThat(status.toText()).contains("Version | Description | State", "1       | customers   | APPLIED",
                    "deployer", "3       | later       | PENDING", "Current version: 2; pending: 1");

            JsonMapper mapper = JsonMapper.builder().build();
            JsonNode s = mapper.readTree(status.toJson());
            assertThat(s.get("currentVersion").asString()).isEqualTo("2");
            assertThat(s.get("migrations").get(0).get("applied").get("installedBy").asString()).isEqualTo("deployer");
            assertThat(s.get("migrations").get(2).get("applied").isNull()).isTrue();
            JsonNode r = mapper.readTree(result.toJson());
            assertThat(r.get("applied")).hasSize(2);
            assertThat(r.get("finalVersion").asString()).isEqualTo("2");
        }
    }

    @Test
    void new_migration_writes_the_next_numbered_file_into_the_directory_location() throws Exception {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);").write("V2__u.sql", "CREATE TABLE u (id int);");
        try (Migrator m = configure().build()) {
            Path written = m.newMigration("Add user e-mail!");

            assertThat(written).isEqualTo(tmp.resolve("V3__add_user_e_mail.sql"));
            assertThat(Files.readString(written)).startsWith("-- 3 add_user_e_mail");
            assertThat(m.status().pending()).extracting(MigrationInfo::script)
                    .containsExactly("V1__t.sql", "V2__u.sql", "V3__add_user_e_mail.sql");
        }
    }

    @Test
    void new_migration_follows_timestamps_and_the_folder_layout() throws Exception {
        dir().write("20240101120000_create_users/up.sql", "CREATE TABLE users (id int);")
                .write("20240101120000_create_users/down.sql", "DROP TABLE users;");
        try (Migrator m = configure().build()) {
            Path written = m.newMigration("add email");

            assertThat(written.getFileName().toString()).isEqualTo("up.sql");
            String folder = written.getParent().getFileName().toString();
            assertThat(folder).matches("20\\d{12}_add_email");
            assertThat(Files.exists(written.resolveSibling("down.sql"))).isTrue();
            assertThat(Version.parse(folder.substring(0, 14)).isNewerThan(Version.parse("20240101120000"))).isTrue();
        }
    }

    @Test
    void new_migration_needs_a_directory_location() {
        try (Migrator m = Migrator.configure().dataSource(db).locations("classpath:db/none").build()) {
            assertThatThrownBy(() -> m.newMigration("x")).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("needs a directory location");
        }
    }

    @Test
    void read_script_refuses_copy_from_stdin_with_its_data_naming_the_copy_line() {
        assertThatThrownBy(() -> Migrator.readScript("seed.sql", "CREATE TABLE t (a int);\nCOPY t (a) FROM stdin;\n1\n2\n\\.\n", 18))
                .isInstanceOfSatisfying(InvalidMigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.COPY_STDIN);
                    assertThat(e.problem().line()).isEqualTo(2);
                });
    }
}
