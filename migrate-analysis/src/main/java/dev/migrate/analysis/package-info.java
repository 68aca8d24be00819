/**
 * migrate-analysis: what each statement of a migration locks, rewrites or breaks, by PostgreSQL's
 * documented rules, with the rule that found it and the safe alternative. Start with
 * {@link dev.migrate.analysis.Analyzer}; on the class path it also plugs into
 * {@code Migrator.plan()} as {@link dev.migrate.analysis.AnalysisChecker}.
 */
package dev.migrate.analysis;
