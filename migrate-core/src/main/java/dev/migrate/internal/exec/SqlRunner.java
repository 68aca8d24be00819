package dev.migrate.internal.exec;

import dev.migrate.ErrorCode;
import dev.migrate.InvalidMigrationException;
import dev.migrate.MigrationKind;
import dev.migrate.Plan;
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
import dev.migrate.spi.Script;
import dev.migrate.spi.StepRunner;
import java.util.ArrayList;
import java.util.List;

/**
 * Core's runner of SQL files: decodes, splits and checks a script, replaces placeholders, and
 * decides whether it can run in a transaction. Touches no database: every problem is found
 * before anything runs. The engine runs the statements (see {@link MigrationExecutor}).
 */
public final class SqlRunner implements StepRunner {
    private final Placeholders placeholders;

    public SqlRunner(Placeholders placeholders) {
        this.placeholders = placeholders;
    }

    @Override
    public boolean runs(Script script) {
        return script.payload() == null && script.path().endsWith(".sql");
    }

    /** For other runners ({@link Context#sql()}): any script read as a SQL file; its strategy is theirs. */
    @Override
    public Step prepare(Script script, Context context) {
        ResolvedMigration alone = new ResolvedMigration(MigrationKind.VERSIONED, null, script.path(), script,
                Scripts.checksum(script.content()), null, context.noTransaction());
        PreparedMigration p = prepare(alone, false, context.serverMajorVersion(), true);
        return new Step(p.mode(), p.modeReason(), p.statements().stream().map(s -> new Plan.Statement(s.line(), s.sql())).toList(),
                p.directives().stream().map(d -> new Plan.Directive(d.line(), d.name(), d.arguments())).toList(), null);
    }

    /**
     * Prepares the migration's up script, or its down script when {@code down}.
     *
     * @param serverMajor the server's major version, or 0 when unknown
     * @throws InvalidMigrationException naming the script and line of the first problem
     */
    PreparedMigration prepare(ResolvedMigration migration, boolean down, int serverMajor) {
        return prepare(migration, down, serverMajor, false);
    }

    private PreparedMigration prepare(ResolvedMigration migration, boolean down, int serverMajor, boolean strategyHandled) {
        String script = down ? migration.down().path() : migration.script();
        byte[] content = down ? migration.down().content() : migration.up().content();
        SqlScript parsed = SqlSplitter.split(script, Scripts.decode(script, content));
        var strategy = parsed.directive(Directive.STRATEGY);
        if (strategy.isPresent() && !strategyHandled) {
            throw new InvalidMigrationException(new ValidationProblem(ErrorCode.CONFIGURATION, script, strategy.get().line(),
                    "The script asks for the strategy '" + strategy.get().arguments() + "', which no module on the class path runs.",
                    "Add the module that provides it (migrate-zerodowntime for expand-contract), or remove the directive."));
        }
        List<SqlStatement> statements = new ArrayList<>(parsed.statements());

        String reason = runWithoutTransactionBecause(parsed, migration.noTransaction()
                ? "metadata.toml: run_in_transaction = false" : null, serverMajor);
        checkTransactionBlocks(script, statements, serverMajor);
        TransactionMode mode = reason == null ? TransactionMode.TRANSACTIONAL : TransactionMode.NON_TRANSACTIONAL;
        if (mode == TransactionMode.TRANSACTIONAL) {
            unwrapTransaction(script, statements);
        }

        List<SqlStatement> expanded = new ArrayList<>(statements.size());
        List<String> excerpts = new ArrayList<>(statements.size());
        boolean setsSettings = false;
        for (SqlStatement s : statements) {
            String sql = placeholders.expand(script, s);
            expanded.add(sql == s.sql() ? s : new SqlStatement(s.line(), sql, s.words()));
            excerpts.add(s.excerpt());
            setsSettings |= StatementKinds.maySetSettings(s);
        }
        return new PreparedMigration(migration, down, expanded, excerpts, mode, reason, parsed.directives(), setsSettings, null);
    }

    /**
     * Why a script must run without a transaction, or null when it can run in one: its
     * {@code -- migrate:no-transaction} directive, else {@code metadataReason} (may be null), else its
     * first statement PostgreSQL refuses inside a transaction block, else an enum value it adds and
     * then uses, which PostgreSQL refuses before the transaction that added it commits (SQLSTATE
     * 55P04; from PostgreSQL 12, where the {@code ADD VALUE} itself may run in a transaction).
     */
    public static String runWithoutTransactionBecause(SqlScript parsed, String metadataReason, int serverMajor) {
        var directive = parsed.directive(Directive.NO_TRANSACTION);
        if (directive.isPresent()) {
            return "-- migrate:no-transaction at line " + directive.get().line();
        }
        if (metadataReason != null) {
            return metadataReason;
        }
        List<SqlStatement> statements = parsed.statements();
        for (SqlStatement s : statements) {
            String why = StatementKinds.nonTransactionalReason(s, serverMajor);
            if (why != null) {
                return why + " at line " + s.line() + " cannot run inside a transaction";
            }
        }
        java.util.Set<String> createdHere = new java.util.HashSet<>();
        for (int i = 0; i < statements.size(); i++) {
            String created = StatementKinds.createdEnumType(statements.get(i));
            if (created != null) {
                createdHere.add(created.substring(created.lastIndexOf('.') + 1));
            }
            StatementKinds.EnumValue value = StatementKinds.addedEnumValue(statements.get(i));
            // A value added to a type created in the same transaction may be used at once (compared by the
            // type's own name: one side may name its schema and the other not).
            if (value == null || createdHere.contains(value.type().substring(value.type().lastIndexOf('.') + 1))) {
                continue;
            }
            for (int j = i + 1; j < statements.size(); j++) {
                if (StatementKinds.usesLiteral(statements.get(j), value.literal())) {
                    return "ALTER TYPE ... ADD VALUE " + value.literal() + " at line " + statements.get(i).line()
                            + " adds a value that line " + statements.get(j).line()
                            + " uses, which PostgreSQL allows only after the value is committed";
                }
            }
        }
        return null;
    }

    /**
     * Checks the script's own transaction blocks: a statement PostgreSQL cannot run in a
     * transaction block (CONCURRENTLY, VACUUM...) placed inside the script's {@code BEGIN ...
     * COMMIT} would fail there (SQLSTATE 25001) after the statements before it had run; so would a
     * new enum value used in the block that added it (55P04); and a block the script never closes
     * would leave its work uncommitted. Also refuses a statement that would release the engine's
     * migration lock ({@code DISCARD ALL}, {@code pg_advisory_unlock_all()}), which lives on the
     * migrations' own session.
     *
     * @throws InvalidMigrationException naming the lines
     */
    public static void checkTransactionBlocks(String script, List<SqlStatement> statements, int serverMajor) {
        SqlStatement begin = null;
        java.util.Map<String, SqlStatement> addedInBlock = new java.util.HashMap<>();
        for (SqlStatement s : statements) {
            String releases = StatementKinds.releasesAdvisoryLocks(s);
            if (releases != null) {
                throw problem(ErrorCode.RELEASES_MIGRATION_LOCK, script, s.line(), releases + " at line " + s.line()
                        + " releases every advisory lock of the session, the migration lock included, so another runner"
                        + " could start migrating beside this one.", "Remove it; the engine puts the session's settings back"
                        + " after each migration by itself.");
            }
            String unsupported = StatementKinds.unsupportedTransactionControl(s);
            if (unsupported != null) {
                throw problem(ErrorCode.TRANSACTION_CONTROL, script, s.line(), "'" + s.excerpt() + "' at line " + s.line()
                        + ": " + unsupported + ".", "Use COMMIT, and BEGIN where a new transaction block should start.");
            }
            if (StatementKinds.isBegin(s)) {
                begin = s;
                addedInBlock.clear();
                continue;
            }
            if (StatementKinds.endsBlock(s)) {
                begin = null;
                continue;
            }
            if (begin == null) {
                continue;
            }
            String why = StatementKinds.nonTransactionalReason(s, serverMajor);
            if (why != null) {
                throw problem(ErrorCode.TRANSACTION_CONTROL, script, s.line(), why + " at line " + s.line()
                        + " is inside the transaction block that '" + begin.excerpt() + "' opens at line " + begin.line()
                        + "; PostgreSQL refuses it there (SQLSTATE 25001), after the statements before it had run.",
                        "Remove the BEGIN and COMMIT around it: a migration with such a statement runs without a"
                                + " transaction, each statement committing on its own. Keep an explicit BEGIN ... COMMIT"
                                + " only around statements that must commit together, apart from it.");
            }
            for (java.util.Map.Entry<String, SqlStatement> added : addedInBlock.entrySet()) {
                if (StatementKinds.usesLiteral(s, added.getKey())) {
                    throw problem(ErrorCode.TRANSACTION_CONTROL, script, s.line(), "Line " + s.line() + " uses the enum value "
                            + added.getKey() + " that line " + added.getValue().line() + " adds, inside the transaction block"
                            + " opened at line " + begin.line() + "; PostgreSQL refuses a new value before it is committed"
                            + " (SQLSTATE 55P04).", "Commit between adding the value and using it (end the block after the"
                            + " ALTER TYPE), or use the value in a later migration.");
                }
            }
            StatementKinds.EnumValue value = StatementKinds.addedEnumValue(s);
            if (value != null) {
                addedInBlock.put(value.literal(), s);
            }
        }
        if (begin != null) {
            throw problem(ErrorCode.TRANSACTION_CONTROL, script, begin.line(), "The transaction block that '" + begin.excerpt()
                    + "' opens at line " + begin.line() + " is never committed: its work would be rolled back when the"
                    + " session ends, after the migration was recorded.", "End it with COMMIT (or remove the BEGIN).");
        }
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
