package dev.migrate.zerodowntime.internal;

import dev.migrate.ErrorCode;
import dev.migrate.InvalidMigrationException;
import dev.migrate.Migrator;
import dev.migrate.Plan;
import dev.migrate.TransactionMode;
import dev.migrate.ValidationProblem;
import dev.migrate.Version;
import dev.migrate.spi.Script;
import dev.migrate.spi.StepRunner;
import dev.migrate.zerodowntime.ExpandContract;
import java.util.List;
import java.util.Map;

/**
 * Runs expand-contract migrations under {@code migrate()}: the up script starts the migration
 * (and stops at expanded), the down script rolls it back. Found through {@link java.util.ServiceLoader}
 * when the module is on the class or module path. Without a transaction: indexes are built
 * {@code CONCURRENTLY} and rows backfilled in batches, each its own short transaction.
 */
public final class ExpandContractRunner implements StepRunner {
    private static final String WHY = "expand-contract: builds indexes CONCURRENTLY and backfills in batches, each its own transaction";

    /** The payload of an expand-contract migration's down script. */
    public record Undo(Version version) {
    }

    /** The payload of a SQL migration marked {@code -- migrate:strategy expand-contract}. */
    public record FromSql(Version version, String description, String sql) {
    }

    @Override
    public boolean runs(Script script) {
        return script.payload() instanceof ExpandContract || script.payload() instanceof Undo || script.payload() instanceof FromSql;
    }

    @Override
    public Step prepare(Script script, Context context) {
        if (script.payload() instanceof Undo undo) {
            return Step.code(TransactionMode.NON_TRANSACTIONAL, WHY, session -> ExpandContractRun.rollback(session, undo.version()));
        }
        if (script.payload() instanceof FromSql sql) {
            return fromSql(script, sql, context);
        }
        ExpandContract migration = (ExpandContract) script.payload();
        return Step.code(TransactionMode.NON_TRANSACTIONAL, WHY, session -> ExpandContractRun.start(session, migration));
    }

    /**
     * A SQL migration run the expand-contract way: its statements are checked to map before anything
     * runs; they are mapped again on the live schema (old column types, referenced keys) when it runs.
     */
    private static Step fromSql(Script script, FromSql sql, Context context) {
        String text = placeholders(script, sql.sql(), context.settings().placeholders());
        List<Plan.Statement> statements = Migrator.readScript(script.path(), text, context.serverMajorVersion()).statements();
        String base = context.settings().schemas().get(0);
        SqlMapping.Mapped checked = SqlMapping.map(statements, null, base);
        if (!checked.problems().isEmpty()) {
            throw refused(script, checked.problems());
        }
        return Step.code(TransactionMode.NON_TRANSACTIONAL, WHY, session -> {
            SqlMapping.Mapped mapped = SqlMapping.map(statements, session.inspect(), base);
            if (!mapped.problems().isEmpty()) {
                throw new Refused(script.path() + ": " + String.join("; ", mapped.problems()));
            }
            ExpandContractRun.start(session, new ExpandContract(sql.version(), sql.description(), mapped.operations()));
        });
    }

    private static InvalidMigrationException refused(Script script, List<String> problems) {
        int line = 0;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^line (\\d+)").matcher(problems.get(0));
        if (m.find()) {
            line = Integer.parseInt(m.group(1));
        }
        return new InvalidMigrationException(new ValidationProblem(ErrorCode.OPERATIONS_UNREADABLE, script.path(), line,
                "Under -- migrate:strategy expand-contract, " + String.join("; ", problems) + ".",
                "Keep in this script only statements with an expand-contract form (see dev.migrate.zerodowntime's"
                        + " package documentation), and move the others to a migration of their own"));
    }

    /** {@code ${name}} replaced by its configured value, as core does for SQL files; an unknown one is a problem. */
    private static String placeholders(Script script, String sql, Map<String, String> values) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{([^}]+)}").matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new InvalidMigrationException(new ValidationProblem(ErrorCode.UNKNOWN_PLACEHOLDER, script.path(), 0,
                        "The placeholder ${" + m.group(1) + "} is not configured.", "Configure it with placeholder(...)"));
            }
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }
}
