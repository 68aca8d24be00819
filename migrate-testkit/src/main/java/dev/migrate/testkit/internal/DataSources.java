package dev.migrate.testkit.internal;

import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** Unpooled data sources: a test database is dropped soon, and a pool would hold it open. */
public final class DataSources {
    private DataSources() {
    }

    public static DataSource of(String jdbcUrl, String user, String password) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(jdbcUrl);
        if (user != null) {
            ds.setUser(user);
        }
        if (password != null) {
            ds.setPassword(password);
        }
        return ds;
    }
}
