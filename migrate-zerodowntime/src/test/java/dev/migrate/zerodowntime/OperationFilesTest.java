package dev.migrate.zerodowntime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.ErrorCode;
import dev.migrate.Location;
import dev.migrate.MigrateResult;
import dev.migrate.Migrator;
import dev.migrate.ValidationException;
import dev.migrate.testkit.MigrateExtension;
import dev.migrate.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Expand-contract migrations written as YAML and JSON files beside the SQL ones, found with no configuration. */
class OperationFilesTest {
    @RegisterExtension
    static MigrateExtension db = MigrateExtension.empty();

    @TempDir
    Path dir;

    private Migrator migrator(TestDatabase database) throws Exception {
        Files.writeString(dir.resolve("V1__base.sql"), "CREATE TABLE users (id bigserial PRIMARY KEY, name text NOT NULL);"
                + " CREATE TABLE orders (id bigserial PRIMARY KEY, amount int NOT NULL, note text);"
                + " INSERT INTO users (name) VALUES ('ada'); INSERT INTO orders (amount) VALUES (1);");
        return Migrator.configure().dataSource(database.dataSource()).locations(Location.directory(dir)).build();
    }

    @Test
    void yaml_and_json_files_are_versioned_migrations_of_the_history(TestDatabase database) throws Exception {
        Files.writeString(dir.resolve("V2__rename_users_name.yaml"), """
                # the new version calls it full_name
                operations:
                  - rename_column: {table: users, column: name, to: full_name}
                  - add_column:
                      table: users
                      column: {name: nick, type: text, nullable: false, default_sql: "''"}
                """);
        Files.writeString(dir.resolve("V3__widen_amount.json"), """
                [{"change_type": {"table": "orders", "column": "amount", "type": "bigint",
                  "up": "amount::bigint", "down": "amount::int"}},
                 {"set_not_null": {"table": "orders", "column": "note", "up": "'-'"}}]
                """);
        try (Migrator m = migrator(database)) {
            assertThat(m.migrate().applied()).extracting(MigrateResult.Applied::script)
                    .containsExactly("V1__base.sql", "V2__rename_users_name.yaml", "V3__widen_amount.json");
            assertThat(ZeroDowntime.on(m).status()).extracting(InFlight::phase)
                    .containsExactly(InFlight.Phase.EXPANDED, InFlight.Phase.EXPANDED);
            assertThat(database.queryForObject("SELECT full_name || '/' || nick || '/' || amount || '/' || note FROM public_v3.users,"
                    + " public_v3.orders", String.class)).isEqualTo("ada//1/-");
            assertThat(m.migrate().applied()).as("applied once, then up to date").isEmpty();
        }
    }

    @Test
    void a_file_that_cannot_be_read_is_refused_naming_the_file_the_line_and_the_fix(TestDatabase database) throws Exception {
        Files.writeString(dir.resolve("V2__broken.yaml"), "operations:\n  - rename_column: {table: users, column: name\n");
        Files.writeString(dir.resolve("V3__unknown.json"), "[{\"rename_columns\": {\"table\": \"users\"}}]");
        Files.writeString(dir.resolve("V4__missing.yml"), "- rename_column: {table: users, to: full_name}\n");
        try (Migrator m = migrator(database)) {
            assertThatThrownBy(m::migrate).isInstanceOfSatisfying(ValidationException.class, e -> {
                assertThat(e.problems()).extracting(p -> p.code()).containsOnly(ErrorCode.OPERATIONS_UNREADABLE);
                assertThat(e.problems()).anySatisfy(p -> {
                    assertThat(p.script()).isEqualTo("V2__broken.yaml");
                    assertThat(p.line()).isPositive();
                    assertThat(p.message()).startsWith("not YAML");
                });
                assertThat(e.problems()).anySatisfy(p -> assertThat(p.message()).contains("unknown kind 'rename_columns'")
                        .contains("rename_column"));
                assertThat(e.problems()).anySatisfy(p -> assertThat(p.message()).contains("operation 1 (rename_column)")
                        .contains("column"));
            });
            assertThat(database.queryForObject("SELECT count(*) FROM pg_tables WHERE tablename = 'users'", Long.class))
                    .as("nothing ran").isZero();
        }
    }
}
