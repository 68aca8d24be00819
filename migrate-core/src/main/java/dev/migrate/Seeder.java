package dev.migrate;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Fills a freshly reset database with development or test data, after every migration is
 * applied: the Java counterpart of a {@code seed.sql}. Set with {@code MigratorBuilder.seeder(...)}.
 */
@FunctionalInterface
public interface Seeder {

    /**
     * Inserts the seed data. The connection is in a transaction that commits when this returns
     * and rolls back when it throws; the managed schemas are on its search path. Do not close it.
     */
    void seed(Connection connection) throws SQLException;
}
