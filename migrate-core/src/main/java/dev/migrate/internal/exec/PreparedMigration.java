package dev.migrate.internal.exec;

import dev.migrate.TransactionMode;
import dev.migrate.internal.history.HistoryTable;
import dev.migrate.internal.sql.Directive;
import dev.migrate.internal.sql.SqlStatement;
import dev.migrate.internal.source.ResolvedMigration;
import dev.migrate.internal.source.Scripts;
import dev.migrate.spi.StepRunner;
import java.util.List;

/**
 * A script ready to run: a pending migration's up script or, when rolling back, an applied one's
 * down script; its statements with placeholders replaced, and how to run them.
 *
 * @param migration  the migration the script belongs to
 * @param down       true for its down script
 * @param statements statements to send, each with its line
 * @param excerpts   each statement as written, before placeholders, shortened: what messages show,
 *                   so that a placeholder holding a secret stays out of exceptions and logs
 * @param mode       transactional or not
 * @param modeReason why it runs without a transaction, or null
 * @param directives the script's {@code -- migrate:} comments
 * @param setsSettings whether it may change session settings beyond the ones always put back (it
 *                   has {@code SET}, {@code RESET}, {@code DISCARD}, {@code DO}, {@code CALL} or
 *                   {@code set_config}, or is code)
 * @param body       the code that runs the script, when a runner made it a step of code
 *                   ({@link StepRunner.Body}); null when the engine runs the statements
 */
public record PreparedMigration(ResolvedMigration migration, boolean down, List<SqlStatement> statements, List<String> excerpts,
                                TransactionMode mode, String modeReason, List<Directive> directives, boolean setsSettings,
                                StepRunner.Body body) {
    public PreparedMigration {
        statements = List.copyOf(statements);
        excerpts = List.copyOf(excerpts);
        directives = List.copyOf(directives);
    }

    /**
     * How many units of work it has, as its history row counts them: its statements; for code,
     * the statements it lists, or 1.
     */
    public int units() {
        return body == null ? statements.size() : Math.max(1, statements.size());
    }

    /** The path of the script that runs, relative to its location. */
    public String script() {
        return down ? migration.down().path() : migration.script();
    }

    HistoryTable.Entry entry() {
        return new HistoryTable.Entry(migration.kind(), migration.version(), migration.description(), script(),
                down ? Scripts.checksum(migration.down().content()) : migration.checksum());
    }
}
