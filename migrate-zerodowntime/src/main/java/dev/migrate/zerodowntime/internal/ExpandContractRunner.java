package dev.migrate.zerodowntime.internal;

import dev.migrate.ErrorCode;
import dev.migrate.InvalidMigrationException;
import dev.migrate.Plan;
import dev.migrate.Severity;
import dev.migrate.TransactionMode;
import dev.migrate.ValidationProblem;
import dev.migrate.Version;
import dev.migrate.spi.Script;
import dev.migrate.spi.StepRunner;
import dev.migrate.zerodowntime.ExpandContract;
import dev.migrate.zerodowntime.Operation;
import dev.migrate.zerodowntime.ZeroDowntimeOptions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /**
     * The payload of a SQL migration: one marked {@code -- migrate:strategy expand-contract}, or under
     * the policy ({@link ZeroDowntimeOptions#expandContractFrom()}) one that is not, judged when it is prepared.
     */
    public record FromSql(Version version, String description) {
    }

    @Override
    public boolean runs(Script script) {
        return script.payload() instanceof ExpandContract || script.payload() instanceof Undo || script.payload() instanceof FromSql;
    }

    @Override
    public Step prepare(Script script, Context context) {
        if (script.payload() instanceof Undo undo) {
            return Step.code(TransactionMode.NON_TRANSACTIONAL, WHY, session -> ExpandContractRun.rollbackApplied(session, undo.version()));
        }
        if (script.payload() instanceof FromSql sql) {
            return fromSql(script, sql, context);
        }
        ExpandContract migration = (ExpandContract) script.payload();
        return starting(migration.operations(), session -> ExpandContractRun.start(session, migration));
    }

    /**
     * The step that starts a migration, telling checkers the tables it changes (the directive
     * {@link InFlightGuard#TABLES}, which no file can hold), so that the guard also sees a plain
     * migration later in the same run that changes one of them.
     */
    private static Step starting(List<Operation> operations, Body body) {
        Set<String> tables = new LinkedHashSet<>();
        for (Operation op : operations) {
            if (op.table() != null) {
                tables.add(op.table());
            }
            if (op instanceof Operation.RenameTable rename) {
                tables.add(rename.to());
            }
        }
        return new Step(TransactionMode.NON_TRANSACTIONAL, WHY, List.of(), List.of(new Plan.Directive(0, InFlightGuard.TABLES,
                String.join(",", tables))), body);
    }

    /**
     * A SQL migration run the expand-contract way: its statements (read as core reads a SQL file,
     * placeholders expanded) are checked to map before anything runs; they are mapped again on the
     * live schema (old column types, referenced keys) when it runs. An unmarked one is judged by the
     * policy first, and runs as core runs a SQL file when nothing in it is risky enough.
     */
    private static Step fromSql(Script script, FromSql sql, Context context) {
        Step read = context.sql().prepare(new Script(script.location(), script.path(), script.content(), null), context);
        Plan.Directive strategy = read.directives().stream().filter(d -> d.name().equals("strategy")).findFirst().orElse(null);
        if (strategy != null && !strategy.arguments().equals("expand-contract")) {
            throw new InvalidMigrationException(new ValidationProblem(ErrorCode.CONFIGURATION, script.path(), strategy.line(),
                    "The script asks for the strategy '" + strategy.arguments() + "'; migrate-zerodowntime runs 'expand-contract'.",
                    "Write -- migrate:strategy expand-contract, or remove the directive"));
        }
        String base = context.settings().schemas().get(0);
        boolean judged = strategy == null;
        if (judged) {
            Severity from = context.settings().options(ZeroDowntimeOptions.class).map(ZeroDowntimeOptions::expandContractFrom)
                    .orElse(null);
            Map<Integer, String> risky = from == null ? Map.of() : Policy.risky(script, context.serverMajorVersion(), from);
            if (risky.isEmpty()) {
                return Step.asSql();
            }
            SqlMapping.Mapped checked = SqlMapping.map(read.statements(), null, base);
            if (!checked.problems().isEmpty()) {
                throw unmapped(script, risky, from, checked.problems());
            }
        } else {
            SqlMapping.Mapped checked = SqlMapping.map(read.statements(), null, base);
            if (!checked.problems().isEmpty()) {
                throw refused(script, checked.problems());
            }
        }
        List<Plan.Statement> statements = read.statements();
        return starting(SqlMapping.map(statements, null, base).operations(), session -> {
            if (judged && session.resuming() && ExpandContractRun.status(session.connection(), session.settings()
                    .options(ZeroDowntimeOptions.class).orElse(ZeroDowntimeOptions.DEFAULTS)).stream()
                    .noneMatch(f -> f.version().equals(sql.version()))) {
                throw new Refused(script.path() + " is resumed the expand-contract way, but its earlier attempt ran it as written:"
                        + " the policy's verdict changed since (the threshold, migrate-analysis or the server's version). Check what"
                        + " the earlier attempt did, then resolve it with markApplied or markRolledBack instead of resume");
            }
            SqlMapping.Mapped mapped = SqlMapping.map(statements, session.inspect(), base);
            if (!mapped.problems().isEmpty()) {
                throw new Refused(script.path() + ": " + String.join("; ", mapped.problems()));
            }
            ExpandContractRun.start(session, new ExpandContract(sql.version(), sql.description(), mapped.operations()));
        });
    }

    private static InvalidMigrationException refused(Script script, List<String> problems) {
        return new InvalidMigrationException(new ValidationProblem(ErrorCode.OPERATIONS_UNREADABLE, script.path(), lineOf(problems.get(0)),
                "Under -- migrate:strategy expand-contract, " + String.join("; ", problems) + ".",
                "Keep in this script only statements with an expand-contract form (see dev.migrate.zerodowntime's"
                        + " package documentation), and move the others to a migration of their own"));
    }

    private static InvalidMigrationException unmapped(Script script, Map<Integer, String> risky, Severity from, List<String> problems) {
        StringBuilder lines = new StringBuilder();
        risky.forEach((line, rules) -> lines.append(lines.length() == 0 ? "" : ", ").append("line ").append(line).append(" (")
                .append(rules).append(')'));
        return new InvalidMigrationException(new ValidationProblem(ErrorCode.OPERATIONS_UNREADABLE, script.path(), lineOf(problems.get(0)),
                "The policy runs this migration the expand-contract way (migrate-analysis finds " + from + " or more at " + lines
                        + "), but not all of it has an expand-contract form: " + String.join("; ", problems) + ".",
                "Move those statements to a migration of their own; or, to run this one as written, allow each finding with"
                        + " -- migrate:allow <rule> reason=\"...\" above its statement"));
    }

    private static int lineOf(String problem) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^line (\\d+)").matcher(problem);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
