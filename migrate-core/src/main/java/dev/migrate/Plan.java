package dev.migrate;

import java.util.List;

/**
 * A dry run: what {@code migrate()} would execute now, statement by statement, after placeholders
 * are replaced, and how. Nothing is executed to build it.
 *
 * @param migrations the pending migrations in the order they would run
 */
public record Plan(List<Step> migrations) {
    public Plan {
        migrations = List.copyOf(migrations);
    }

    /**
     * One migration that would run.
     *
     * @param kind        versioned or repeatable
     * @param version     null for a repeatable migration
     * @param description from the file or folder name
     * @param script      relative to its location
     * @param mode        transactional or not
     * @param modeReason  why it runs without a transaction (the statement and line, or the directive); null if it does not
     * @param statements  the statements, placeholders replaced
     */
    public record Step(MigrationKind kind, Version version, String description, String script, TransactionMode mode,
                       String modeReason, List<Statement> statements) {
        public Step {
            statements = List.copyOf(statements);
        }
    }

    /**
     * One statement of a planned migration.
     *
     * @param line the 1-based line where it starts in its script
     * @param sql  the SQL that would be sent
     */
    public record Statement(int line, String sql) {
    }

    public boolean isEmpty() {
        return migrations.isEmpty();
    }
}
