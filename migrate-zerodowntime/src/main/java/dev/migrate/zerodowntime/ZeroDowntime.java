package dev.migrate.zerodowntime;

import dev.migrate.ConnectionConfig;
import dev.migrate.DatabaseException;
import dev.migrate.MigrateResult;
import dev.migrate.MigrationInfo;
import dev.migrate.MigrationState;
import dev.migrate.Migrator;
import dev.migrate.Version;
import dev.migrate.spi.MigrationSource;
import dev.migrate.spi.Script;
import dev.migrate.spi.StepRunner;
import dev.migrate.zerodowntime.internal.Codec;
import dev.migrate.zerodowntime.internal.ExpandContractRun;
import dev.migrate.zerodowntime.internal.ExpandContractRunner;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Expand-contract migrations on a {@link Migrator}: start them, complete them, roll them back,
 * see where they are.
 *
 * <pre>{@code
 * Migrator migrator = Migrator.configure().dataSource(ds).locations(...)
 *         .source(ZeroDowntime.source(rename))       // ExpandContract migrations next to the SQL files
 *         .build();
 * ZeroDowntime zd = ZeroDowntime.on(migrator);
 * zd.start();                                       // migrate(): expands, backfills, stops at EXPANDED
 * // deploy the new version, reading schema public_v5 (InFlight.versionSchema())
 * zd.complete("5");                                  // refused while sessions of the old version remain
 * }</pre>
 *
 * <p><b>Which version an application reads.</b> Each started migration makes a schema of views
 * ({@code public_v5}) showing the tables as the new version knows them; the old version goes on
 * reading the previous migration's schema (or the tables themselves, before the first one). Pick
 * the schema per connection without session state, so that it holds behind a transaction-pooling
 * connection pooler (PgBouncer in transaction mode hands each transaction any server session):
 * schema-qualified names (the ORM's default schema set to {@code public_v5}), or the JDBC URL's
 * {@code currentSchema=public_v5,public}, which the driver sends as a startup parameter. A
 * {@code SET search_path} in the application is session state, and leaks between clients behind
 * such a pooler: do not use it for this.
 *
 * <p><b>How complete knows the old version is gone.</b> An application names its version in its
 * {@code application_name}: the schema it reads, alone or after an {@code @}
 * ({@code ApplicationName=orders@public_v5} in the JDBC URL; see {@link #applicationName}).
 * {@link #complete} refuses while a session of the database names the old version's schema that
 * way. Sessions that name no version are not seen: give every deployment its name.
 */
public final class ZeroDowntime {
    private final Migrator migrator;

    private ZeroDowntime(Migrator migrator) {
        this.migrator = migrator;
    }

    /** The expand-contract migrations of {@code migrator}. */
    public static ZeroDowntime on(Migrator migrator) {
        return new ZeroDowntime(Objects.requireNonNull(migrator, "migrator"));
    }

    /**
     * A migration source holding {@code migrations}, for {@code MigratorBuilder.source(...)}: each is
     * a versioned migration of the history like a SQL file ({@code V5__rename_users_name.expand-contract},
     * its checksum taken from its operations), run by this module's step runner.
     */
    public static MigrationSource source(ExpandContract... migrations) {
        List<ExpandContract> all = List.of(migrations);
        return found -> {
            for (ExpandContract m : all) {
                String name = "V" + m.version() + "__" + m.description().strip().replaceAll("\\s+", "_") + ".expand-contract";
                byte[] content = Codec.write(m.operations()).getBytes(StandardCharsets.UTF_8);
                found.add(MigrationSource.Migration.versioned(m.version(), m.description(),
                        new Script("zero-downtime", name, content, m),
                        new Script("zero-downtime", "U" + name.substring(1), content, new ExpandContractRunner.Undo(m.version()))));
            }
        };
    }

    /** The {@code application_name} that tells {@link #complete} which version a session runs: {@code orders@public_v5}. */
    public static String applicationName(String application, String versionSchema) {
        return Objects.requireNonNull(application, "application") + "@" + Objects.requireNonNull(versionSchema, "versionSchema");
    }

    /**
     * Applies what is pending ({@link Migrator#migrate()}): an expand-contract migration among it is
     * started and left {@link InFlight.Phase#EXPANDED}, waiting for the new code, which the result says
     * ({@link MigrateResult#notices()}, also in {@code toText()}); see {@link #status()}.
     */
    public MigrateResult start() {
        return migrator.migrate();
    }

    /**
     * Runs {@code backfill} now, outside any migration (a data fix, a column filled after the fact),
     * under the migration lock so that no migration runs meanwhile: keyset batches, throttled by the
     * migrator's {@link ZeroDowntimeOptions} and published as {@link BackfillProgress} events exactly
     * as inside a migration, and recorded in no history. Each call visits the table afresh; with a
     * {@code where} that picks the rows still to do, a call after an interrupted one only visits what
     * is left.
     *
     * @return the rows updated
     * @throws DatabaseException when a batch keeps failing, or the table has no primary key
     */
    public long backfill(Backfill backfill) {
        Objects.requireNonNull(backfill, "backfill");
        AtomicLong rows = new AtomicLong();
        migrator.runExclusive("backfill " + backfill.table(), session -> {
            rows.set(backfill.run(session));
            ExpandContractRun.forget(session, options());
        });
        return rows.get();
    }

    /** The expand-contract migrations in the database, in the order they started; empty before the first. */
    public List<InFlight> status() {
        try (Connection c = connect()) {
            return ExpandContractRun.status(c, options());
        } catch (SQLException e) {
            throw new DatabaseException("Cannot read the state of expand-contract migrations: " + e.getMessage(), e);
        }
    }

    /**
     * Completes the expanded migration of {@code version}: drops the old version's schema of views and
     * the old shape (old columns, triggers, checks standing in for {@code NOT NULL}...), under the
     * migration lock, each statement under {@code lock_timeout} and retried. A migration completed
     * already is left as it is.
     *
     * @return the migration, now {@link InFlight.Phase#COMPLETED}
     * @throws StepRunner.Refused while a session of the old version is connected, an earlier
     *                            migration is not complete, or this one has not finished starting
     */
    public InFlight complete(String version) {
        Version v = Version.parse(version);
        AtomicReference<InFlight> done = new AtomicReference<>();
        migrator.runExclusive("complete expand-contract migration " + v, session -> done.set(ExpandContractRun.complete(session, v)));
        return done.get();
    }

    /**
     * Rolls the started migration of {@code version} back: everything its start made is dropped
     * (columns, triggers, functions, views, its schema, its state). An applied (expanded) migration
     * is rolled back through the history ({@code migrator.rollback().last()}, which runs its down
     * step); one whose start failed or was interrupted is undone under the migration lock, then
     * marked rolled back ({@code resolve().markRolledBack}). Either way it is pending again.
     *
     * @throws StepRunner.Refused when it is complete already, or another migration was applied after it
     */
    public void rollback(String version) {
        Version v = Version.parse(version);
        List<MigrationInfo> recorded = migrator.status().migrations().stream()
                .filter(i -> i.version() != null && (i.state() == MigrationState.APPLIED || i.state() == MigrationState.FAILED)).toList();
        MigrationInfo last = recorded.isEmpty() ? null : recorded.get(recorded.size() - 1);
        if (last == null || !last.version().equals(v)) {
            throw new StepRunner.Refused("Rolling back expand-contract migration " + v + " is refused: it is not the last applied"
                    + " migration (" + (last == null ? "none is applied" : "the last is " + last.version())
                    + "); roll the later ones back first");
        }
        if (last.state() == MigrationState.APPLIED) {
            migrator.rollback().last();
            return;
        }
        migrator.runExclusive("roll back expand-contract migration " + v, session -> ExpandContractRun.rollbackFailed(session, v));
        migrator.resolve().markRolledBack(v.toString());
    }

    private ZeroDowntimeOptions options() {
        return migrator.config().options(ZeroDowntimeOptions.class).orElse(ZeroDowntimeOptions.DEFAULTS);
    }

    private Connection connect() throws SQLException {
        ConnectionConfig config = migrator.config().connection();
        if (config instanceof ConnectionConfig.FromDataSource d) {
            return d.dataSource().getConnection();
        }
        ConnectionConfig.FromUrl u = (ConnectionConfig.FromUrl) config;
        return DriverManager.getConnection(u.url(), u.user(), u.password());
    }
}
