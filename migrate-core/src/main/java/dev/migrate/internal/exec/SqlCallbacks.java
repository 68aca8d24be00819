package dev.migrate.internal.exec;

import dev.migrate.Callback;
import dev.migrate.InvalidMigrationException;
import dev.migrate.MigrateResult;
import dev.migrate.MigrationException;
import dev.migrate.MigrationKind;
import dev.migrate.ValidationException;
import dev.migrate.ValidationProblem;
import dev.migrate.internal.source.ResolvedMigration;
import dev.migrate.internal.source.Scripts;
import dev.migrate.spi.Script;
import dev.migrate.internal.sql.SqlStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL callback files of the locations ({@code beforeMigrate.sql}, {@code afterEachMigrate__x.sql},
 * ...) as a {@link Callback}. Every file is split and its placeholders resolved when this is built,
 * so a broken callback is reported before anything runs.
 */
public final class SqlCallbacks implements Callback {
    private final Map<String, List<PreparedMigration>> byEvent = new LinkedHashMap<>();

    /** @throws ValidationException listing every callback script that cannot be prepared */
    public SqlCallbacks(List<Script> files, ScriptPreparer preparer, int serverMajor) {
        List<ValidationProblem> problems = new ArrayList<>();
        for (Script file : files) {
            String name = file.fileName();
            int end = name.indexOf("__");
            String event = name.substring(0, end >= 0 ? end : name.length() - ".sql".length());
            ResolvedMigration script = new ResolvedMigration(MigrationKind.REPEATABLE, null, event, file,
                    Scripts.checksum(file.content()), null, false);
            try {
                byEvent.computeIfAbsent(event, e -> new ArrayList<>()).add(preparer.prepare(script, serverMajor));
            } catch (InvalidMigrationException e) {
                problems.add(e.problem());
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
    }

    /** Whether the locations hold no callback file. */
    public boolean isEmpty() {
        return byEvent.isEmpty();
    }

    private void run(Connection c, String event) throws SQLException {
        for (PreparedMigration script : byEvent.getOrDefault(event, List.of())) {
            try (Statement st = c.createStatement()) {
                st.setEscapeProcessing(false);
                for (SqlStatement s : script.statements()) {
                    try {
                        st.execute(s.sql());
                    } catch (SQLException e) {
                        throw new SQLException("Callback " + script.script() + " failed at line " + s.line() + ": "
                                + e.getMessage(), e.getSQLState(), e);
                    }
                }
            }
        }
    }

    @Override
    public void beforeMigrate(Connection c) throws SQLException {
        run(c, "beforeMigrate");
    }

    @Override
    public void afterMigrate(Connection c, MigrateResult result) throws SQLException {
        run(c, "afterMigrate");
    }

    @Override
    public void afterMigrateError(Connection c, MigrationException error) throws SQLException {
        run(c, "afterMigrateError");
    }

    @Override
    public void beforeEachMigration(Connection c, Migration migration) throws SQLException {
        run(c, "beforeEachMigrate");
    }

    @Override
    public void afterEachMigration(Connection c, Migration migration) throws SQLException {
        run(c, "afterEachMigrate");
    }

    @Override
    public void afterEachMigrationError(Connection c, Migration migration, SQLException error) throws SQLException {
        run(c, "afterEachMigrateError");
    }
}
