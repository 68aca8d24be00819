/**
 * migrate-zerodowntime: zero-downtime strategies for migrate-core, built only on its public API
 * and SPI. Only {@code dev.migrate.zerodowntime} is exported.
 */
module dev.migrate.zerodowntime {
    requires transitive dev.migrate.core;
    requires transitive java.sql;
    requires org.slf4j;

    exports dev.migrate.zerodowntime;
}
