/**
 * The public API: {@link dev.migrate.Migrator} and its builder, the values it returns
 * ({@link dev.migrate.Status}, {@link dev.migrate.MigrateResult}, {@link dev.migrate.Plan}), the
 * events it publishes and the exceptions it throws. Nothing here depends on the engine's internals.
 */
package dev.migrate;
