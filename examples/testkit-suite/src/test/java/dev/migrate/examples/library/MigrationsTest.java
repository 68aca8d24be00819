package dev.migrate.examples.library;

import static dev.migrate.testkit.MigrateAssertions.assertThatMigrations;

import dev.migrate.testkit.MigrateExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The migrations themselves, on a database that starts empty. */
class MigrationsTest {
    @RegisterExtension
    static MigrateExtension db = MigrateExtension.empty();

    @Test
    void apply_cleanly_from_empty() {
        assertThatMigrations(db.database(), b -> b.locations("classpath:db/migration"))
                .appliesCleanly()
                .schema().hasTable("loans");
    }

    /** Up, down, up again for each version: every down script restores exactly what was there before. */
    @Test
    void every_down_script_undoes_its_up_script() {
        assertThatMigrations(db.database(), b -> b.locations("classpath:db/migration")).areReversible();
    }
}
