package dev.migrate.internal.exec;

import dev.migrate.TransactionMode;
import dev.migrate.internal.history.HistoryTable;
import dev.migrate.internal.sql.SqlStatement;
import dev.migrate.internal.source.ResolvedMigration;
import java.util.List;

/**
 * A pending migration ready to run: its statements with placeholders replaced, and how to run them.
 *
 * @param migration  the source
 * @param statements statements to send, each with its line
 * @param excerpts   each statement as written, before placeholders, shortened: what messages show,
 *                   so that a placeholder holding a secret stays out of exceptions and logs
 * @param mode       transactional or not
 * @param modeReason why it runs without a transaction, or null
 */
public record PreparedMigration(ResolvedMigration migration, List<SqlStatement> statements, List<String> excerpts,
                                TransactionMode mode, String modeReason) {
    public PreparedMigration {
        statements = List.copyOf(statements);
        excerpts = List.copyOf(excerpts);
    }

    public String script() {
        return migration.script();
    }

    HistoryTable.Entry entry() {
        return new HistoryTable.Entry(migration.kind(), migration.version(), migration.description(), migration.script(),
                migration.checksum());
    }
}
