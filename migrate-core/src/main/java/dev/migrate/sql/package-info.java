/**
 * PostgreSQL text as the engine reads it, for modules that look inside statements:
 * {@link dev.migrate.sql.SqlTokens} and {@link dev.migrate.sql.SqlToken}. Whole scripts are read
 * into statements with {@link dev.migrate.Migrator#readScript}.
 */
package dev.migrate.sql;
