/**
 * migrate-core: the migration engine and its fluent API. Exports only the API, the schema model
 * and the SPI; the engine's own packages ({@code dev.migrate.internal.*}) stay inside.
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
    exports dev.migrate.sql;

    uses dev.migrate.JavaMigration;
    uses dev.migrate.spi.MigrationSource;
    uses dev.migrate.spi.PlanChecker;
    uses dev.migrate.spi.StepRunner;
}
