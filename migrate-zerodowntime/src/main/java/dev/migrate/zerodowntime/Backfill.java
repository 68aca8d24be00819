package dev.migrate.zerodowntime;

import dev.migrate.spi.LockSafeSession;
import dev.migrate.zerodowntime.internal.BackfillRun;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Updates every row of a table in small batches, each one statement and one short transaction,
 * so that the application keeps writing while it runs: keyset batches over the primary key, of one
 * column or several compared as a row (never {@code OFFSET}, never a scan of the whole table per batch), bounded by the largest key
 * when the backfill started (rows inserted later are not visited: whatever keeps them consistent,
 * a trigger or the application, already handles them), the cursor persisted in the same statement
 * as each batch. A backfill interrupted at any point (a killed connection, a killed process)
 * continues after its last committed batch when the step is resumed ({@code resolve().resume}),
 * and no row is updated twice; a step run afresh (after a rollback, say) backfills again.
 *
 * <p>Run it from a step of code without a transaction ({@link dev.migrate.spi.StepRunner.Step#code}
 * with {@link dev.migrate.TransactionMode#NON_TRANSACTIONAL}):
 *
 * <pre>{@code
 * Step.code(TransactionMode.NON_TRANSACTIONAL, "backfills in batches", session ->
 *         Backfill.of("orders").set("total_cents = total * 100").where("total_cents IS NULL").run(session));
 * }</pre>
 *
 * <p>Each batch goes through {@link LockSafeSession#execute}, so it runs under the configured
 * {@code lock_timeout} and is retried after a lock timeout or deadlock. Batch size, pause and rate
 * cap come from {@link ZeroDowntimeOptions} (a module option of the migrator). Progress is
 * published as {@link BackfillProgress} events. {@code set} and {@code where} are SQL, written by
 * the migration's author like the rest of its SQL.
 */
public final class Backfill {
    private final String table;
    private final String set;
    private final String where;

    private Backfill(String table, String set, String where) {
        this.table = table;
        this.set = set;
        this.where = where;
    }

    /** A backfill of {@code table} ({@code orders}, or {@code app.orders}), resolved on the migration's search path. */
    public static Backfill of(String table) {
        return new Backfill(Objects.requireNonNull(table, "table"), null, null);
    }

    /** The table, as given to {@link #of}. */
    public String table() {
        return table;
    }

    /** What each row gets: the {@code SET} list of an {@code UPDATE}, such as {@code total_cents = total * 100}. */
    public Backfill set(String assignments) {
        return new Backfill(table, Objects.requireNonNull(assignments, "assignments"), where);
    }

    /** Only rows this condition holds for are updated (the others are visited and left); none: every row. */
    public Backfill where(String condition) {
        return new Backfill(table, set, Objects.requireNonNull(condition, "condition"));
    }

    /**
     * Runs the backfill to its end, or continues it from its last committed batch.
     *
     * @return the rows updated, over every attempt
     * @throws SQLException when the table cannot be backfilled (no such table, no
     *                      primary key, a step with a transaction) or a batch keeps failing
     */
    public long run(LockSafeSession session) throws SQLException {
        if (set == null) {
            throw new IllegalStateException("Backfill.of(\"" + table + "\") needs set(...): what each row gets");
        }
        ZeroDowntimeOptions options = session.settings().options(ZeroDowntimeOptions.class).orElse(ZeroDowntimeOptions.DEFAULTS);
        return BackfillRun.run(session, table, set, where, options);
    }
}
