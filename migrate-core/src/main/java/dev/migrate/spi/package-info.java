/**
 * Extension points, each small and each found through {@link java.util.ServiceLoader} or added
 * to the builder: {@link dev.migrate.spi.MigrationSource} (where migrations come from),
 * {@link dev.migrate.spi.StepRunner} (how a kind of script runs, through a
 * {@link dev.migrate.spi.LockSafeSession}), {@link dev.migrate.spi.PlanChecker} (findings on a
 * plan), and {@link dev.migrate.spi.EventListener} (progress events; modules add their own as
 * {@link dev.migrate.MigrationEvent.ModuleEvent}). Extensions read the configuration through
 * {@link dev.migrate.spi.Settings}; a module's own settings travel in it as a record of its own,
 * given with {@link dev.migrate.MigratorBuilder#options(Object)}.
 */
package dev.migrate.spi;
