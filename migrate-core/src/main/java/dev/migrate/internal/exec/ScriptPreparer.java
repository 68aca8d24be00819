package dev.migrate.internal.exec;

import dev.migrate.ErrorCode;
import dev.migrate.InvalidMigrationException;
import dev.migrate.TransactionMode;
import dev.migrate.ValidationProblem;
import dev.migrate.internal.source.ResolvedMigration;
import dev.migrate.internal.source.Scripts;
import dev.migrate.internal.sql.Directive;
import dev.migrate.internal.sql.Placeholders;
import dev.migrate.internal.sql.SqlScript;
import dev.migrate.internal.sql.SqlSplitter;
import dev.migrate.internal.sql.SqlStatement;
import dev.migrate.internal.sql.StatementKinds;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes, splits and checks a script, replaces placeholders, and decides whether it can run in a
 * transaction. Touches no database: every problem is found before anything runs.
 */
public final class ScriptPreparer {
    private final Placeholders placeholders;

    public ScriptPreparer(Placeholders placeholders) {
        this.placeholders = placeholders;
    }

    /**
     * @param serverMajor the server's major version, or 0 when unknown
     * @throws InvalidMigrationException naming the script and line of the first problem
     */
    public PreparedMigration prepare(ResolvedMigration migration, int serverMajor) {
        return prepare(migration, false, serverMajor);
    }

    /**
     * Prepares the migration's down script, for a rollback.
     *
     * @throws IllegalArgumentException when it has none: check {@link ResolvedMigration#down()} first
     */
    public PreparedMigration prepareDown(ResolvedMigration migration, int serverMajor) {
        if (migration.down() == null) {
            throw new IllegalArgumentException(migration.script() + " has no down script");
        }
        return prepare(migration, true, serverMajor);
    }

    private PreparedMigration prepare(ResolvedMigration migration, boolean down, int serverMajor) {
        if (migration.java() != null && !down) {
            boolean tx = migration.java().canRunInTransaction();
            return new PreparedMigration(migration, false, List.of(), List.of(),
                    tx ? TransactionMode.TRANSACTIONAL : TransactionMode.NON_TRANSACTIONAL,
                    tx ? null : migration.script() + " says canRunInTransaction() is false", List.of());
        }
        String script = down ? migration.down().path() : migration.script();
        byte[] content = down ? migration.down().content() : migration.up().content();
        SqlScript parsed = SqlSplitter.split(script, Scripts.decode(script, content));
        List<SqlStatement> statements = new ArrayList<>(parsed.statements());

        String reason = runWithoutTransactionBecause(parsed, migration.noTransaction()
                ? "metadata.toml: run_in_transaction = false" : null, serverMajor);
        for (SqlStatement s : statements) {
            if (StatementKinds.isCopyStdio(s)) {
                throw problem(ErrorCode.COPY_STDIN, script, s.line(), "COPY ... FROM STDIN / TO STDOUT needs psql to feed"
                        + " or read the data; over JDBC there is none.", "Write the rows as INSERT ... VALUES, or COPY from a"
                        + " server-side file the database can read.");
            }
        }
        TransactionMode mode = reason == null ? TransactionMode.TRANSACTIONAL : TransactionMode.NON_TRANSACTIONAL;
        if (mode == TransactionMode.TRANSACTIONAL) {
            unwrapTransaction(script, statements);
        }

        List<SqlStatement> expanded = new ArrayList<>(statements.size());
        List<String> excerpts = new ArrayList<>(statements.size());
        for (SqlStatement s : statements) {
            String sql = placeholders.expand(script, s);
            expanded.add(sql == s.sql() ? s : new SqlStatement(s.line(), sql, s.words()));
            excerpts.add(s.excerpt());
        }
        return new PreparedMigration(migration, down, expanded, excerpts, mode, reason, parsed.directives());
    }

    /**
     * Why a script must run without a transaction, or null when it can run in one: its
     * {@code -- migrate:no-transaction} directive, else {@code metadataReason} (may be null), else its
     * first statement PostgreSQL refuses inside a transaction block.
     */
    public static String runWithoutTransactionBecause(SqlScript parsed, String metadataReason, int serverMajor) {
        var directive = parsed.directive(Directive.NO_TRANSACTION);
        if (directive.isPresent()) {
            return "-- migrate:no-transaction at line " + directive.get().line();
        }
        if (metadataReason != null) {
            return metadataReason;
        }
        for (SqlStatement s : parsed.statements()) {
            String why = StatementKinds.nonTransactionalReason(s, serverMajor);
            if (why != null) {
                return why + " at line " + s.line() + " cannot run inside a transaction";
            }
        }
        return null;
    }

    /**
     * A script wrapped in BEGIN ... COMMIT runs as the one transaction we give it anyway, so the
     * wrapper is dropped. Transaction control anywhere else would commit or abort our transaction
     * part-way, and is refused.
     */
    private static void unwrapTransaction(String script, List<SqlStatement> statements) {
        if (statements.size() >= 2 && StatementKinds.isBegin(statements.get(0))
                && StatementKinds.isCommit(statements.get(statements.size() - 1))) {
            statements.remove(statements.size() - 1);
            statements.remove(0);
        }
        for (SqlStatement s : statements) {
            if (StatementKinds.isTransactionControl(s)) {
                throw problem(ErrorCode.TRANSACTION_CONTROL, script, s.line(), "'" + s.excerpt() + "' would end or start a"
                        + " transaction in the middle of the migration's own transaction.",
                        "Remove it: each migration already runs in one transaction. If the script must manage its own"
                                + " transactions, add -- migrate:no-transaction.");
            }
        }
    }

    private static InvalidMigrationException problem(ErrorCode code, String script, int line, String message, String fix) {
        return new InvalidMigrationException(new ValidationProblem(code, script, line, message, fix));
    }
}
