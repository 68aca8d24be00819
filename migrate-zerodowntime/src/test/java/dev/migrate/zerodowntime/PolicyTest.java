package dev.migrate.zerodowntime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.ErrorCode;
import dev.migrate.Location;
import dev.migrate.MigrateResult;
import dev.migrate.Migrator;
import dev.migrate.Severity;
import dev.migrate.ValidationException;
import dev.migrate.testkit.MigrateExtension;
import dev.migrate.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unmarked SQL migrations under the policy {@link ZeroDowntimeOptions#expandContractFrom()}: what
 * migrate-analysis finds risky runs the expand-contract way, the rest as written.
 */
class PolicyTest {
    private static final ZeroDowntimeOptions POLICY = ZeroDowntimeOptions.DEFAULTS.withExpandContractFrom(Severity.HIGH);

    @RegisterExtension
    static MigrateExtension db = MigrateExtension.empty();

    @TempDir
    Path dir;

    private void write(String file, String sql) throws Exception {
        Files.writeString(dir.resolve(file), sql);
    }

    private Migrator migrator(TestDatabase database, ZeroDowntimeOptions options) throws Exception {
        writeBase();
        return Migrator.configure().dataSource(database.dataSource()).locations(Location.directory(dir)).options(options).build();
    }

    private void writeBase() throws Exception {
        if (!Files.exists(dir.resolve("V1__base.sql"))) {
            write("V1__base.sql", "CREATE TABLE users (id bigserial PRIMARY KEY, name text NOT NULL);"
                    + " CREATE TABLE orders (id bigserial PRIMARY KEY, amount int NOT NULL DEFAULT 0, note text);"
                    + " INSERT INTO users (name) VALUES ('ada');"
                    + " INSERT INTO orders (amount, note) SELECT g, 'n' FROM generate_series(1, 300) g;");
        }
    }

    private static String one(TestDatabase database, String sql) {
        Object value = database.queryForList(sql).get(0).values().iterator().next();
        return value == null ? null : value.toString();
    }

    private static String amountType(TestDatabase database, String schema) {
        return one(database, "SELECT data_type FROM information_schema.columns WHERE table_schema = '" + schema + "'"
                + " AND table_name = 'orders' AND column_name = 'amount'");
    }

    @Test
    void a_risky_migration_runs_the_expand_contract_way_and_a_safe_one_as_written(TestDatabase database) throws Exception {
        write("V2__add_nick.sql", "ALTER TABLE users ADD COLUMN nick text;\nCREATE INDEX CONCURRENTLY users_nick_idx ON users (nick);\n");
        write("V3__widen.sql", "ALTER TABLE orders ALTER COLUMN amount TYPE bigint;\n");
        try (Migrator m = migrator(database, POLICY)) {
            MigrateResult result = m.migrate();
            assertThat(result.applied()).hasSize(3);
            assertThat(result.notices()).singleElement().asString().contains("migration 3 is expanded");
            ZeroDowntime zd = ZeroDowntime.on(m);
            assertThat(zd.status()).singleElement().satisfies(f -> {
                assertThat(f.version().toString()).isEqualTo("3");
                assertThat(f.phase()).isEqualTo(InFlight.Phase.EXPANDED);
            });
            assertThat(one(database, "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public'"
                    + " AND table_name = 'users' AND column_name = 'nick'")).isEqualTo("1");
            assertThat(amountType(database, "public")).as("the old version still reads an int").isEqualTo("integer");
            assertThat(amountType(database, "public_v3")).isEqualTo("bigint");
            assertThat(one(database, "SELECT sum(amount) FROM public_v3.orders")).isEqualTo("45150");

            zd.complete("3");
            assertThat(amountType(database, "public")).isEqualTo("bigint");
        }
    }

    @Test
    void a_risky_migration_with_a_statement_that_has_no_expand_contract_form_is_refused_naming_both(TestDatabase database)
            throws Exception {
        write("V2__widen.sql", "ALTER TABLE orders ALTER COLUMN amount TYPE bigint;\n\nALTER TABLE orders ALTER COLUMN note SET DEFAULT 'y';\n");
        try (Migrator m = migrator(database, POLICY)) {
            assertThatThrownBy(m::migrate).isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
                    .singleElement().satisfies(p -> {
                        assertThat(p.code()).isEqualTo(ErrorCode.OPERATIONS_UNREADABLE);
                        assertThat(p.script()).isEqualTo("V2__widen.sql");
                        assertThat(p.line()).isEqualTo(3);
                        assertThat(p.message()).contains("HIGH or more at line 1 (column-type-change)")
                                .contains("line 3: ALTER COLUMN ... SET has no expand-contract form");
                        assertThat(p.fix()).contains("-- migrate:allow");
                    }));
            assertThat(one(database, "SELECT count(*) FROM pg_tables WHERE tablename = 'orders'")).as("not even V1 ran").isEqualTo("0");
        }
    }

    @Test
    void a_finding_allowed_in_the_script_lets_it_run_as_written(TestDatabase database) throws Exception {
        write("V2__widen.sql", "-- migrate:allow column-type-change reason=\"orders holds 300 rows\"\n"
                + "ALTER TABLE orders ALTER COLUMN amount TYPE bigint;\n");
        try (Migrator m = migrator(database, POLICY)) {
            assertThat(m.migrate().notices()).isEmpty();
            assertThat(amountType(database, "public")).isEqualTo("bigint");
            assertThat(ZeroDowntime.on(m).status()).isEmpty();
        }
    }

    @Test
    void without_the_policy_it_runs_as_written_and_turning_the_policy_on_later_keeps_the_history_valid(TestDatabase database)
            throws Exception {
        write("V2__widen.sql", "ALTER TABLE orders ALTER COLUMN amount TYPE bigint;\n");
        try (Migrator m = migrator(database, ZeroDowntimeOptions.DEFAULTS)) {
            m.migrate();
            assertThat(amountType(database, "public")).isEqualTo("bigint");
            assertThat(ZeroDowntime.on(m).status()).isEmpty();
        }
        write("V3__rename.sql", "ALTER TABLE users RENAME COLUMN name TO full_name;\n");
        try (Migrator m = migrator(database, POLICY)) {
            m.validate();
            MigrateResult result = m.migrate();
            assertThat(result.applied()).extracting(a -> a.version().toString()).containsExactly("3");
            assertThat(one(database, "SELECT full_name FROM public_v3.users")).isEqualTo("ada");
            assertThat(one(database, "SELECT name FROM public.users")).as("the running version keeps its column").isEqualTo("ada");
        }
    }

    @Test
    void a_migration_with_a_down_script_runs_as_written_and_rolls_back_with_it(TestDatabase database) throws Exception {
        write("V2__widen.sql", "ALTER TABLE orders ALTER COLUMN amount TYPE bigint;\n");
        write("U2__widen.sql", "ALTER TABLE orders ALTER COLUMN amount TYPE int;\n");
        try (Migrator m = migrator(database, POLICY)) {
            m.migrate();
            assertThat(amountType(database, "public")).isEqualTo("bigint");
            assertThat(ZeroDowntime.on(m).status()).isEmpty();
            m.rollback().last();
            assertThat(amountType(database, "public")).isEqualTo("integer");
        }
    }

    @Test
    void a_migration_the_policy_started_rolls_back_the_expand_contract_way_and_one_it_ran_as_written_is_refused(
            TestDatabase database) throws Exception {
        write("V2__add_nick.sql", "ALTER TABLE users ADD COLUMN nick text;\n");
        try (Migrator m = migrator(database, POLICY)) {
            m.migrate();
            assertThatThrownBy(() -> m.rollback().last()).isInstanceOfSatisfying(dev.migrate.spi.StepRunner.Refused.class,
                    e -> assertThat(e.getMessage()).contains("it ran as written").contains("U2__"));
            assertThat(m.status().migrations()).extracting(i -> i.state().toString()).containsExactly("APPLIED", "APPLIED");
        }
        write("V3__widen.sql", "ALTER TABLE orders ALTER COLUMN amount TYPE bigint;\n");
        try (Migrator m = migrator(database, POLICY)) {
            m.migrate();
            ZeroDowntime zd = ZeroDowntime.on(m);
            assertThat(zd.status()).singleElement().extracting(InFlight::phase).isEqualTo(InFlight.Phase.EXPANDED);
            zd.rollback("3");
            assertThat(zd.status()).isEmpty();
            assertThat(one(database, "SELECT count(*) FROM pg_namespace WHERE nspname = 'public_v3'")).isEqualTo("0");
            assertThat(m.status().migrations()).extracting(i -> i.state().toString()).containsExactly("APPLIED", "APPLIED", "PENDING");
        }
    }

    @Test
    void a_strategy_the_module_does_not_run_is_refused_under_the_policy_too(TestDatabase database) throws Exception {
        write("V2__widen.sql", "-- migrate:strategy expand_contract\nALTER TABLE orders ALTER COLUMN amount TYPE bigint;\n");
        try (Migrator m = migrator(database, POLICY)) {
            assertThatThrownBy(m::migrate).isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
                    .singleElement().satisfies(p -> {
                        assertThat(p.line()).isEqualTo(1);
                        assertThat(p.message()).contains("strategy 'expand_contract'");
                    }));
        }
    }

    @Test
    void a_migration_run_as_written_keeps_core_s_placeholders_whose_values_never_reach_a_message(TestDatabase database)
            throws Exception {
        writeBase();
        write("V2__note.sql", "ALTER TABLE users ADD COLUMN note text;\nINSERT INTO users (id, name) VALUES (1 / 0, '${secret}');\n");
        try (Migrator m = Migrator.configure().dataSource(database.dataSource()).locations(Location.directory(dir)).options(POLICY)
                .placeholder("secret", "hunter2").build()) {
            assertThatThrownBy(m::migrate).isInstanceOf(dev.migrate.MigrationException.class)
                    .hasMessageContaining("V2__note.sql").hasMessageContaining("division by zero").hasMessageContaining("${secret}")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
            assertThat(one(database, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'users'"
                    + " AND column_name = 'note'")).as("the migration ran in one transaction, rolled back").isEqualTo("0");
        }
    }

    @Test
    void a_failed_migration_that_ran_as_written_is_not_rolled_back_the_expand_contract_way(TestDatabase database) throws Exception {
        write("V2__nick.sql", "-- migrate:no-transaction\nALTER TABLE users ADD COLUMN nick text;\nALTER TABLE missing ADD COLUMN x int;\n");
        try (Migrator m = migrator(database, POLICY)) {
            assertThatThrownBy(m::migrate).isInstanceOf(dev.migrate.MigrationFailedException.class);
            assertThatThrownBy(() -> ZeroDowntime.on(m).rollback("2")).isInstanceOf(dev.migrate.spi.StepRunner.Refused.class)
                    .hasMessageContaining("no expand-contract state").hasMessageContaining("markRolledBack(\"2\")");
            assertThat(m.status().migrations()).extracting(i -> i.state().toString()).containsExactly("APPLIED", "FAILED");
        }
    }

    @Test
    void a_start_the_policy_began_is_not_run_as_written_after_the_policy_changed(TestDatabase database) throws Exception {
        write("V3__unique_note.sql", "CREATE UNIQUE INDEX orders_note_uq ON orders (note);\n");
        try (Migrator m = migrator(database, POLICY)) {
            assertThatThrownBy(m::migrate).as("orders.note is 'n' everywhere").isInstanceOf(dev.migrate.MigrationFailedException.class);
            assertThat(ZeroDowntime.on(m).status()).extracting(InFlight::phase).contains(InFlight.Phase.STARTING);
        }
        try (Migrator m = migrator(database, ZeroDowntimeOptions.DEFAULTS)) {
            m.resolve().markRolledBack("3");
            assertThatThrownBy(m::migrate).isInstanceOfSatisfying(dev.migrate.RiskRefusedException.class, e -> assertThat(e.findings())
                    .singleElement().satisfies(f -> {
                        assertThat(f.script()).isEqualTo("V3__unique_note.sql");
                        assertThat(f.message()).contains("was started the expand-contract way (it is STARTING)");
                    }));
            assertThat(one(database, "SELECT count(*) FROM pg_index WHERE indexrelid = to_regclass('orders_note_uq') AND indisvalid"))
                    .isEqualTo("0");
        }
    }

    @Test
    void only_low_severity_and_up_can_be_the_threshold() {
        assertThatThrownBy(() -> ZeroDowntimeOptions.DEFAULTS.withExpandContractFrom(Severity.INFO))
                .isInstanceOf(dev.migrate.ConfigurationException.class).hasMessageContaining("choose LOW or more");
    }
}
