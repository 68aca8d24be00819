package dev.migrate.internal.exec;

import dev.migrate.DatabaseException;
import dev.migrate.MigrationEvent;
import dev.migrate.MigratorConfig;
import dev.migrate.TransactionMode;
import dev.migrate.internal.history.HistoryTable;
import dev.migrate.internal.schema.CatalogReader;
import dev.migrate.internal.recovery.IndexBuild;
import dev.migrate.internal.recovery.IndexBuilds;
import dev.migrate.internal.sql.SqlSplitter;
import dev.migrate.internal.sql.SqlStatement;
import dev.migrate.internal.sql.StatementKinds;
import dev.migrate.schema.DatabaseSchema;
import dev.migrate.spi.LockSafeSession;
import dev.migrate.spi.Settings;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The {@link LockSafeSession} a step's code runs in: one attempt of one migration. Statements run
 * the lock-safe way ({@link LockSafeStatements}) when the step has no transaction; progress goes to
 * the migration's history row on the bookkeeping connection.
 */
final class CodeSession implements LockSafeSession, AutoCloseable {
    /** The rank of a session that has no history row: a module's code run outside any migration. */
    static final int UNRECORDED = -1;

    private final MigrationSession session;
    private final PreparedMigration m;
    private final int rank;
    private final PriorAttempt prior;
    private final Context context;
    private final boolean transactional;
    private Statement statement;
    private SqlStatement last;
    private boolean proofUsed;
    private int done;
    private int attempts = 1;
    private String left = "";
    private int failedAttempts = 1;
    private final List<String> noticed = new ArrayList<>();

    /** What every attempt shares. */
    record Context(HistoryTable history, Bookkeeping bookkeeping, LockSafeStatements statements, Events events, MigratorConfig config,
                   List<String> notices) {
    }

    CodeSession(MigrationSession session, PreparedMigration m, int rank, PriorAttempt prior, Context context) {
        this.session = session;
        this.m = m;
        this.rank = rank;
        this.prior = prior;
        this.context = context;
        this.transactional = m.mode() == TransactionMode.TRANSACTIONAL;
        this.done = prior.resumeAt();
    }

    @Override
    public Connection connection() {
        return session.connection();
    }

    @Override
    public void execute(String sql) throws SQLException {
        left = "";
        failedAttempts = 1;
        List<SqlStatement> lexed = SqlSplitter.split(m.script(), sql).statements();
        if (lexed.size() != 1) {
            throw new SQLException("execute(...) runs one statement; " + m.script() + " gave it " + lexed.size()
                    + " (split them into one call each, so that each is retried on its own)");
        }
        SqlStatement s = lexed.get(0);
        last = s;
        String releases = StatementKinds.releasesAdvisoryLocks(s);
        if (releases != null || StatementKinds.isTransactionControl(s)) {
            // The migration lock lives on this session, and the engine owns its transactions: a retry
            // inside a block a step opened itself would only meet "current transaction is aborted".
            throw new SQLException(m.script() + ": execute(\"" + s.excerpt() + "\") is refused: "
                    + (releases != null ? releases + " would release the migration lock" : "the engine runs a step's transaction"
                    + " (TransactionMode.TRANSACTIONAL) or runs each statement on its own"));
        }
        if (statement == null) {
            statement = connection().createStatement();
            statement.setEscapeProcessing(false);
        }
        if (transactional || !connection().getAutoCommit() || Transactions.open(connection())) {
            // In a transaction (the step's, or one the code opened on the connection): a lock timeout aborts it,
            // so the statement cannot be retried by itself.
            statement.execute(s.sql());
            return;
        }
        try {
            IndexBuild build = IndexBuild.of(s);
            if (build != null) {
                // The history's proof of what an interrupted attempt left belongs to the build it was recording.
                String proof = proofUsed ? null : prior.indexesBefore();
                if (proof != null) {
                    proofUsed = IndexBuilds.recorded(connection(), build, proof);
                    proof = proofUsed ? proof : null;
                }
                attempts = Math.max(attempts, context.statements().buildIndex(m, connection(), statement, s, build, proof, rank));
            } else {
                attempts = Math.max(attempts, context.statements().execute(m, connection(), statement, s, false, null));
            }
        } catch (LockSafeStatements.Failed f) {
            failedAttempts = f.attempts;
            left = f.left;
            throw f.error;
        }
    }

    @Override
    public int resumeFrom() {
        return prior.resumeAt();
    }

    @Override
    public boolean resuming() {
        return prior.resumed();
    }

    @Override
    public void progress(int done) {
        if (transactional || rank == UNRECORDED) {
            return;
        }
        try {
            context.history().progress(context.bookkeeping().connection(), rank, done);
            this.done = done;
        } catch (SQLException e) {
            throw new DatabaseException("Cannot record progress of " + m.script() + " in " + context.history() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void notice(String line) {
        noticed.add(Objects.requireNonNull(line, "line"));
    }

    /** The notices of this attempt, which reach the result only if it succeeds. */
    List<String> noticed() {
        return noticed;
    }

    @Override
    public void publish(MigrationEvent event) {
        context.events().publish(event);
    }

    @Override
    public DatabaseSchema inspect() {
        return CatalogReader.read(connection(), context.config().schemas(), Set.of(context.config().historyTable()));
    }

    @Override
    public Settings settings() {
        return context.config();
    }

    @Override
    public String script() {
        return m.script();
    }

    /** The last statement given to {@link #execute}, or null: what a failure's message shows. */
    SqlStatement last() {
        return last;
    }

    /** How many attempts the statement that failed last was given (1 when it was not retried). */
    int failedAttempts() {
        return failedAttempts;
    }

    /** What the last failed statement left behind, as a sentence for the message, or "". */
    String left() {
        return left;
    }

    /** The most attempts a statement run through {@link #execute} needed. */
    int attempts() {
        return attempts;
    }

    /** The units the code recorded as done. */
    int done() {
        return done;
    }

    @Override
    public void close() {
        if (statement != null) {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // The connection's own state is what the run cares about, and the engine checks it next.
            }
        }
    }
}
