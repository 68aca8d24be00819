package dev.migrate.testkit.internal;

import dev.migrate.ConnectionConfig;
import dev.migrate.Location;
import dev.migrate.Migrator;
import dev.migrate.MigratorConfig;
import java.util.Objects;
import java.util.function.UnaryOperator;

/** New migrators configured like an existing one, with a change: another target, for the stairway. */
public final class MigratorCopies {
    private MigratorCopies() {
    }

    /**
     * A migrator with every setting of {@code config}, then {@code change} applied. Built from a URL,
     * it has a pool of its own: close it.
     */
    public static Migrator copy(MigratorConfig config, UnaryOperator<Migrator.Builder> change) {
        Migrator.Builder b = Migrator.configure();
        if (config.connection() instanceof ConnectionConfig.FromDataSource d) {
            b.dataSource(d.dataSource());
        } else if (config.connection() instanceof ConnectionConfig.FromUrl u) {
            b.url(u.url(), u.user(), u.password());
        }
        b.locations(config.locations().toArray(Location[]::new))
                .schemas(config.schema(), config.schemas().subList(1, config.schemas().size()).toArray(String[]::new))
                .historyTable(config.historyTable())
                .placeholders(config.placeholders())
                .lockWait(config.lockWait())
                .lockTimeout(config.lockTimeout())
                .lockRetries(config.lockRetries())
                .outOfOrder(config.outOfOrder())
                .allowReset(config.resetAllowed())
                .classLoader(config.classLoader());
        if (config.target() != null) {
            b.target(config.target());
        }
        if (config.installedBy() != null) {
            b.installedBy(config.installedBy());
        }
        if (config.seedScript() != null) {
            b.seedScript(config.seedScript());
        }
        if (config.seeder() != null) {
            b.seeder(config.seeder());
        }
        config.listeners().forEach(b::listener);
        config.callbacks().forEach(b::callback);
        config.checkers().forEach(b::checker);
        return Objects.requireNonNull(change.apply(b), "change returned null").build();
    }
}
