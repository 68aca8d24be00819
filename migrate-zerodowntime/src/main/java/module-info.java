/**
 * migrate-zerodowntime: zero-downtime strategies for migrate-core, built only on its public API
 * and SPI. Only {@code dev.migrate.zerodowntime} is exported.
 */
module dev.migrate.zerodowntime {
    requires transitive dev.migrate.core;
    requires transitive java.sql;
    requires org.slf4j;
    // Optional: only the policy for unmarked SQL migrations reads its findings, when it is there.
    requires static dev.migrate.analysis;
    requires tools.jackson.databind;
    requires tools.jackson.dataformat.yaml;

    exports dev.migrate.zerodowntime;
    // Operations are read from and written to JSON by Jackson, through their records' constructors and accessors.
    opens dev.migrate.zerodowntime to tools.jackson.databind;

    provides dev.migrate.spi.StepRunner with dev.migrate.zerodowntime.internal.ExpandContractRunner;
    provides dev.migrate.spi.MigrationSource with dev.migrate.zerodowntime.internal.OperationFiles;
    provides dev.migrate.spi.PlanChecker with dev.migrate.zerodowntime.internal.InFlightGuard;
}
