package dev.migrate;

import java.util.Objects;
import javax.sql.DataSource;

/** How the engine gets its connections: the caller's {@link DataSource}, or a JDBC URL it pools itself. */
public sealed interface ConnectionConfig {

    /**
     * The caller's data source. The engine borrows a connection while it migrates (it holds the
     * migration lock too), and a second one while a migration without a transaction runs (for its
     * history row); it returns them afterwards, and never closes the data source.
     */
    record FromDataSource(DataSource dataSource) implements ConnectionConfig {
        public FromDataSource {
            Objects.requireNonNull(dataSource, "dataSource");
        }
    }

    /**
     * A JDBC URL and credentials. The engine pools them (HikariCP when on the class path, plain
     * driver connections otherwise) and closes the pool in {@link Migrator#close()}.
     */
    record FromUrl(String url, String user, String password) implements ConnectionConfig {
        public FromUrl {
            Objects.requireNonNull(url, "url");
        }

        /** Never shows the password, nor a password given as a URL parameter. */
        @Override
        public String toString() {
            return "FromUrl[url=" + redactedUrl() + ", user=" + user + ", password=" + (password == null ? "none" : "****") + "]";
        }

        /** The URL with any {@code password=} parameter masked, fit for a log line. */
        public String redactedUrl() {
            return url.replaceAll("(?i)(password=)[^&;]*", "$1****");
        }
    }
}
