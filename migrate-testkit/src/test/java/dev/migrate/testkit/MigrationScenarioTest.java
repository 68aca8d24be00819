package dev.migrate.testkit;

import dev.migrate.MigratorBuilder;
import static dev.migrate.testkit.MigrateAssertions.row;
import static dev.migrate.testkit.MigrateAssertions.scenario;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.Location;
import dev.migrate.Migrator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class MigrationScenarioTest {
    @RegisterExtension
    static MigrateExtension db = MigrateExtension.empty();

    @TempDir
    Path dir;

    private UnaryOperator<MigratorBuilder> here() {
        return b -> b.locations(Location.directory(dir));
    }

    @BeforeEach
    void write_migrations() throws IOException {
        Files.writeString(dir.resolve("V1__create_customers.sql"),
                "CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL);\n");
        Files.writeString(dir.resolve("U1__create_customers.sql"), "DROP TABLE customers;\n");
        Files.writeString(dir.resolve("V2__split_name.sql"), """
                ALTER TABLE customers ADD COLUMN first_name text, ADD COLUMN last_name text;
                UPDATE customers SET first_name = split_part(name, ' ', 1), last_name = split_part(name, ' ', 2);
                ALTER TABLE customers DROP COLUMN name;
                """);
        Files.writeString(dir.resolve("U2__split_name.sql"), """
                ALTER TABLE customers ADD COLUMN name text;
                UPDATE customers SET name = first_name || ' ' || last_name;
                ALTER TABLE customers ALTER COLUMN name SET NOT NULL, DROP COLUMN first_name, DROP COLUMN last_name;
                """);
    }

    @Test
    void carries_rows_up_and_back_down() {
        scenario(db.database(), here())
                .migrateTo("1")
                .execute("INSERT INTO customers (id, name) VALUES (1, 'Ada Lovelace'), (2, 'Alan Turing')")
                .migrateTo("2")
                .verify("SELECT id, first_name, last_name FROM customers ORDER BY id", rows -> rows.containsExactly(
                        row("id", 1, "first_name", "Ada", "last_name", "Lovelace"),
                        row("id", 2, "first_name", "Alan", "last_name", "Turing")))
                .rollbackTo("1")
                .assertQuery("SELECT name FROM customers WHERE id = ?", 2)
                .containsExactly(row("name", "Alan Turing"));
    }

    @Test
    void checks_the_schema_between_steps() {
        scenario(db.database(), here())
                .migrateToLatest()
                .assertSchema().hasTable("customers").doesNotHaveColumn("name").hasColumn("first_name").ofType("text");
    }

    @Test
    void shows_the_rows_when_they_differ() {
        assertThatThrownBy(() -> scenario(db.database(), here())
                .migrateTo("1")
                .execute("INSERT INTO customers (id, name) VALUES (1, 'Ada Lovelace')")
                .migrateTo("2")
                .assertQuery("SELECT first_name FROM customers")
                .containsExactly(row("first_name", "Grace")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("rows of SELECT first_name FROM customers")
                .hasMessageContaining("{\"first_name\"=\"Ada\"}");
    }

    @Test
    void names_the_statement_that_failed() {
        assertThatThrownBy(() -> scenario(db.database(), here())
                .migrateTo("2")
                .execute("INSERT INTO customers (id, name) VALUES (1, 'Ada')"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Scenario step execute(...) failed")
                .hasMessageContaining("column \"name\" of relation \"customers\" does not exist");
    }

    @Test
    void names_the_step_script_and_line_that_failed() {
        assertThatThrownBy(() -> scenario(db.database(), here())
                .migrateTo("1")
                .execute("INSERT INTO customers (id, name) VALUES (2, 'Prince')")
                .migrateTo("2")
                .execute("UPDATE customers SET last_name = NULL")
                .rollbackTo("1"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Scenario step rollbackTo(1) failed: U2__split_name.sql failed at line 3")
                .hasMessageContaining("contains null values");
    }
}
