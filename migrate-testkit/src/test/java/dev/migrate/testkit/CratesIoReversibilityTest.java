package dev.migrate.testkit;

import static dev.migrate.testkit.MigrateAssertions.assertThatMigrations;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.migrate.Location;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stairway on a real project's history: crates.io's 285 Diesel migrations (see
 * ../shared/corpora/README.md), whose down scripts hold real upstream mistakes. Skipped when the
 * corpora are not beside the project (a user's clone).
 */
class CratesIoReversibilityTest {
    @RegisterExtension
    static MigrateExtension db = MigrateExtension.empty();

    private static Path corpus() {
        for (Path base : List.of(Path.of("..", "shared", "corpora"), Path.of("..", "..", "shared", "corpora"))) {
            Path candidate = base.resolve("crates-io");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * The first broken step going up is {@code 20140925132254_dumped_migration_12}: its up script
     * drops the {@code now()} defaults of four timestamp columns and its down script is empty, so
     * the defaults never come back. (The README's list of upstream mistakes, found by running the
     * down chain from the top, are all later in the history.)
     */
    @Test
    void names_the_first_down_migration_that_does_not_undo_its_up() {
        Path corpus = corpus();
        assumeTrue(corpus != null, "../shared/corpora/crates-io is not present (it ships beside the project, not in it); skipping");

        assertThatThrownBy(() -> assertThatMigrations(db.database(), b -> b.locations(Location.directory(corpus)))
                .areReversible())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("but version 20140925132254 is not: its down script left the schema different"
                        + " from before the up script ran; 4 differences")
                .hasMessageContaining("up:   20140925132254_dumped_migration_12/up.sql")
                .hasMessageContaining("down: 20140925132254_dumped_migration_12/down.sql")
                .hasMessageContaining("- table public.versions: column created_at: default is none, expected now()")
                .hasMessageContaining("Versions before it passed: 12 versions, from 00000000000000 to 20140925132253.");
    }
}
