/**
 * migrate-core: the migration engine and its fluent API. Exports only the API and the SPI; the
 * engine is provided to the API through {@link java.util.ServiceLoader}.
 */
module dev.migrate.core {
    requires transitive java.sql;
    requires org.slf4j;
    requires org.postgresql.jdbc;
    requires static com.zaxxer.hikari;
    requires static tools.jackson.databind;

    exports dev.migrate;
    exports dev.migrate.spi;
    exports dev.migrate.schema;

    uses dev.migrate.spi.MigrationEngine.Factory;
    uses dev.migrate.spi.PlanChecker;
    uses dev.migrate.JavaMigration;
    provides dev.migrate.spi.MigrationEngine.Factory with dev.migrate.internal.engine.DefaultEngine.Factory;
}
