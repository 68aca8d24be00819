package dev.migrate.testkit;

import static dev.migrate.testkit.MigrateAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class SnapshotTest {
    private static final String UPDATE = "migrate.snapshots.update";

    @RegisterExtension
    static MigrateExtension db = MigrateExtension.empty();

    @TempDir
    Path dir;

    @AfterEach
    void clear_the_property() {
        System.clearProperty(UPDATE);
    }

    @Test
    void writes_a_missing_snapshot_and_fails_so_that_it_is_reviewed() throws IOException {
        db.database().execute("CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL)");
        Path snapshot = dir.resolve("snapshots/schema.txt");

        assertThatThrownBy(() -> assertThat(db.database()).matchesSnapshot(snapshot))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("that file did not exist: it has now been written")
                .hasMessageContaining("Review it and commit it");

        assertThat(Files.readString(snapshot)).contains("table public.users").contains("  column email text not null");
        assertThat(db.database()).matchesSnapshot(snapshot);
    }

    @Test
    void shows_the_lines_that_differ_under_their_table() throws IOException {
        db.database().execute("CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL)");
        Path snapshot = dir.resolve("schema.txt");
        Files.writeString(snapshot, db.migrator().inspect().render().replace("\n", "\r\n"));
        assertThat(db.database()).as("CRLF line ends do not matter").matchesSnapshot(snapshot);

        db.database().execute("ALTER TABLE users ADD COLUMN name text");

        assertThatThrownBy(() -> assertThat(db.database()).matchesSnapshot(snapshot))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting the schema to match snapshot " + snapshot + " but 1 lines differ")
                .hasMessageContaining("\n  table public.users\n+   column name text\n")
                .hasMessageContaining("-D" + UPDATE + "=true");
    }

    @Test
    void refreshes_the_snapshot_when_asked_to() throws IOException {
        db.database().execute("CREATE TABLE users (id bigint PRIMARY KEY)");
        Path snapshot = dir.resolve("schema.txt");
        Files.writeString(snapshot, "-- stale\n");

        System.setProperty(UPDATE, "true");
        assertThat(db.database()).matchesSnapshot(snapshot);
        System.clearProperty(UPDATE);

        assertThat(Files.readString(snapshot)).isEqualTo(db.migrator().inspect().render());
        assertThat(db.database()).matchesSnapshot(snapshot);
    }
}
