/**
 * The public API: {@link dev.migrate.Migrator} and its builder, the values it returns
 * ({@link dev.migrate.Status}, {@link dev.migrate.MigrateResult}, {@link dev.migrate.Plan}), the
 * events it publishes and the exceptions it throws. No public signature here names an engine
 * internal ({@code dev.migrate.internal}, which the module does not export).
 */
package dev.migrate;
