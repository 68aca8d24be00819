/**
 * migrate-analysis: lock-aware risk analysis of migrations; a {@link dev.migrate.spi.PlanChecker}
 * for migrate-core.
 */
module dev.migrate.analysis {
    requires transitive dev.migrate.core;
    requires net.sf.jsqlparser;
    requires org.postgresql.jdbc;
    requires org.slf4j;
    requires tools.jackson.databind;

    exports dev.migrate.analysis;

    provides dev.migrate.spi.PlanChecker with dev.migrate.analysis.AnalysisChecker;
}
