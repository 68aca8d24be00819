package dev.migrate.internal.engine;

import dev.migrate.ConfigurationException;
import dev.migrate.ErrorCode;
import dev.migrate.MigrationFailedException;
import dev.migrate.MigrationKind;
import dev.migrate.MigratorConfig;
import dev.migrate.internal.exec.MigrationSession;
import dev.migrate.internal.exec.PreparedMigration;
import dev.migrate.internal.exec.ScriptPreparer;
import dev.migrate.internal.source.ResolvedMigration;
import dev.migrate.internal.source.Scripts;
import dev.migrate.spi.Script;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The seed step of {@code reset()}: the configured seed script, then the {@link dev.migrate.Seeder},
 * in one transaction with the managed schemas on the search path. Not recorded in the history.
 */
final class Seeding {
    private final MigratorConfig config;
    private final ScriptPreparer preparer;

    Seeding(MigratorConfig config, ScriptPreparer preparer) {
        this.config = config;
        this.preparer = preparer;
    }

    /** Reads and splits the seed script, or returns null when none is configured: before anything is dropped. */
    PreparedMigration prepareScript(int serverMajor) {
        return config.reset().seedScript() == null ? null : prepare(config.reset().seedScript(), serverMajor);
    }

    @SuppressWarnings("try") // the session's settings are put back when the block ends
    void run(Connection c, PreparedMigration script) throws SQLException {
        try (MigrationSession session = MigrationSession.open(c, config.schemas(), config.locks().lockTimeout(), true)) {
            c.setAutoCommit(false);
            try {
                if (script != null) {
                    runScript(c, script);
                }
                if (config.reset().seeder() != null) {
                    runSeeder(c);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private static void runScript(Connection c, PreparedMigration script) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.setEscapeProcessing(false);
            for (int i = 0; i < script.statements().size(); i++) {
                var s = script.statements().get(i);
                try {
                    st.execute(s.sql());
                } catch (SQLException e) {
                    throw new MigrationFailedException(ErrorCode.MIGRATION_FAILED, script.script(), s.line(), e.getSQLState(),
                            "Seed script " + script.script() + " failed at line " + s.line() + ": " + e.getMessage()
                                    + "\n  Statement at line " + s.line() + ": " + script.excerpts().get(i)
                                    + "\n  The seed ran in one transaction and was rolled back: the schemas are migrated"
                                    + " and empty. Fix the seed and reset again.", e);
                }
            }
        }
    }

    private void runSeeder(Connection c) {
        String name = config.reset().seeder().getClass().getName();
        try {
            config.reset().seeder().seed(c);
        } catch (SQLException e) {
            throw new MigrationFailedException(ErrorCode.MIGRATION_FAILED, name, 0, e.getSQLState(), "Seeder " + name
                    + " failed: " + e.getMessage() + "\n  The seed ran in one transaction and was rolled back: the schemas"
                    + " are migrated and empty. Fix the seeder and reset again.", e);
        }
    }

    private PreparedMigration prepare(String location, int serverMajor) {
        byte[] content = read(location);
        Script file = Script.file(location, location.substring(location.indexOf(':') + 1), content);
        ResolvedMigration seed = new ResolvedMigration(MigrationKind.REPEATABLE, null, "seed", file, Scripts.checksum(content),
                null, false);
        return preparer.prepareSql(seed, serverMajor);
    }

    private byte[] read(String location) {
        try {
            if (location.startsWith("classpath:")) {
                String resource = location.substring("classpath:".length()).replaceFirst("^/", "");
                try (InputStream in = config.classLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new ConfigurationException("Seed script " + location + " is not on the class path: check seedScript(...)");
                    }
                    return in.readAllBytes();
                }
            }
            Path path = Path.of(location.startsWith("filesystem:") ? location.substring("filesystem:".length()) : location);
            if (!Files.isRegularFile(path)) {
                throw new ConfigurationException("Seed script " + path.toAbsolutePath() + " does not exist: check seedScript(...)");
            }
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ConfigurationException("Cannot read seed script " + location + ": " + e.getMessage());
        }
    }
}
