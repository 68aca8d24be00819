package dev.migrate.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.Migrator;
import dev.migrate.Severity;
import dev.migrate.schema.DatabaseSchema;
import dev.migrate.schema.SchemaChange;
import dev.migrate.testing.Sql;
import dev.migrate.testing.TestDatabases;
import java.sql.Connection;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@code DatabaseSchema.changesTo} writes for a populated table that exists on both sides is
 * online-safe by construction: the analysis, reading the live table, finds nothing above LOW in it.
 */
class GeneratedChangesTest {
    private static final String BASE = "CREATE TABLE teams (id bigint PRIMARY KEY); INSERT INTO teams VALUES (1);"
            + " CREATE TABLE users (id bigint PRIMARY KEY, email text, name text NOT NULL, age int, team_id bigint);"
            + " CREATE INDEX users_age_idx ON users (age);"
            + " INSERT INTO users SELECT g, 'u' || g || '@x', 'n' || g, g % 90, 1 FROM generate_series(1, 20000) g; ANALYZE users;";

    private static DatabaseSchema inspect(DataSource ds) {
        try (Migrator m = Migrator.configure().dataSource(ds).build()) {
            return m.inspect();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ALTER TABLE users ADD COLUMN nick text",
            "ALTER TABLE users ADD COLUMN score int NOT NULL DEFAULT 0",
            "ALTER TABLE users ALTER COLUMN age SET DEFAULT 18",
            "ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age >= 0)",
            "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)",
            "CREATE INDEX users_team_idx ON users (team_id);"
                    + " ALTER TABLE users ADD CONSTRAINT users_team_fkey FOREIGN KEY (team_id) REFERENCES teams (id)",
            "CREATE INDEX users_name_idx ON users (lower(name))",
            "CREATE UNIQUE INDEX users_email_uq ON users (email) WHERE email IS NOT NULL",
            "DROP INDEX users_age_idx",
            "CREATE TABLE tags (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id), label text NOT NULL);"
                    + " CREATE INDEX tags_user_idx ON tags (user_id)",
            "UPDATE users SET email = 'x' WHERE email IS NULL; ALTER TABLE users ALTER COLUMN email SET NOT NULL",
            "ALTER TABLE users ADD COLUMN nick text, ADD COLUMN score int NOT NULL DEFAULT 0;"
                    + " ALTER TABLE users ADD CONSTRAINT users_score_check CHECK (score >= 0); CREATE INDEX users_nick_idx ON users (nick)",
            "CREATE TYPE size AS ENUM ('s', 'm')",
            "CREATE SEQUENCE ticket_seq",
            "CREATE VIEW adults AS SELECT id, name FROM users WHERE age >= 18"})
    void the_sql_for_a_change_of_a_populated_table_has_no_finding_above_low(String after) throws Exception {
        DataSource from = TestDatabases.newDatabase();
        DataSource to = TestDatabases.newDatabase();
        Sql.execute(from, BASE);
        Sql.execute(to, BASE);
        Sql.execute(to, after);
        List<SchemaChange> changes = inspect(from).changesTo(inspect(to));
        String script = SchemaChange.script(changes);
        AnalysisReport report;
        try (Connection c = from.getConnection()) {
            report = Analyzer.forServer(c.getMetaData().getDatabaseMajorVersion()).withCatalog(c, "public")
                    .analyzeScript("V2__generated.sql", script);
        }
        assertThat(changes).isNotEmpty();
        assertThat(report.findingsAbove(Severity.LOW)).as(script).isEmpty();
    }
}
