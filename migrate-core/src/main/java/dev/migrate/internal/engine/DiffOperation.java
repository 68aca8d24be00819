package dev.migrate.internal.engine;

import dev.migrate.ConfigurationException;
import dev.migrate.ConnectionConfig;
import dev.migrate.DatabaseException;
import dev.migrate.Plan;
import dev.migrate.SchemaDiff;
import dev.migrate.SchemaSource;
import dev.migrate.internal.jdbc.Identifiers;
import dev.migrate.internal.schema.CatalogReader;
import dev.migrate.internal.source.Scripts;
import dev.migrate.schema.DatabaseSchema;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code migrator.diff(from, to)}: reads each side (nothing; the database as it is; the migrations
 * replayed, or a desired-state SQL file run, on a shadow database) and diffs them. A shadow
 * database is made on the migrator's server from {@code template0} (or on the server
 * {@code shadowDatabase(...)} names) and always dropped afterwards, on failure too, and by a
 * shutdown hook if the JVM is stopped while it exists.
 */
public final class DiffOperation {
    private static final Logger LOG = LoggerFactory.getLogger("dev.migrate.Migrator");
    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Engine engine;

    public DiffOperation(Engine engine) {
        this.engine = engine;
    }

    /** The shadow server named with {@code MigratorBuilder.shadowDatabase}: a database there to create shadows from. */
    public record ShadowServer(String url, String user, String password) {
        @Override
        public String toString() {
            return "ShadowServer[" + url + ", user " + user + "]";
        }
    }

    public SchemaDiff diff(SchemaSource from, SchemaSource to) {
        DatabaseSchema a = read(from);
        DatabaseSchema b = read(to);
        return new SchemaDiff(from, to, a, b, a.changesTo(b));
    }

    private DatabaseSchema read(SchemaSource source) {
        switch (source.kind()) {
            case EMPTY:
                return new DatabaseSchema(engine.config.schemas(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                        List.of(), List.of(), List.of(), List.of());
            case DATABASE:
                return engine.onConnection("reading the schema of", this::readFixed);
            default:
                return onShadow(source);
        }
    }

    /** Makes a shadow database, reads {@code source} into it, inspects it, and drops it whatever happens. */
    private DatabaseSchema onShadow(SchemaSource source) {
        Server server = server();
        byte[] suffix = new byte[6];
        RANDOM.nextBytes(suffix);
        String name = "migrate_shadow_" + HexFormat.of().formatHex(suffix);
        try (Connection admin = server.admin.getConnection(); Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + Identifiers.quote(name) + " TEMPLATE template0");
        } catch (SQLException e) {
            if (INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
                throw new ConfigurationException("Cannot make a shadow database to read " + source + ": the role may not create"
                        + " databases (" + e.getMessage() + "). Grant it CREATEDB, or name a server where a role may, with"
                        + " MigratorBuilder.shadowDatabase(url, user, password).");
            }
            throw new DatabaseException("Cannot make a shadow database to read " + source + ": " + e.getMessage(), e);
        }
        Thread dropper = new Thread(() -> drop(server, name), "migrate-shadow-drop");
        Runtime.getRuntime().addShutdownHook(dropper);
        LOG.info("Reading {} on shadow database {}", source, name);
        try {
            PGSimpleDataSource shadow = server.copy();
            shadow.setDatabaseName(name);
            if (source.kind() == SchemaSource.Kind.MIGRATIONS) {
                try (Engine replay = new Engine(engine.config.toBuilder().dataSource(shadow).config())) {
                    new MigrateOperation(replay).run();
                }
                try (Connection c = shadow.getConnection()) {
                    return readFixed(c);
                }
            }
            try (Connection c = shadow.getConnection(); Statement st = c.createStatement()) {
                String text = Scripts.decode(source.file().toString(), Files.readAllBytes(source.file()));
                List<String> schemas = engine.config.schemas();
                for (String schema : schemas) {
                    st.execute("CREATE SCHEMA IF NOT EXISTS " + Identifiers.quote(schema));
                }
                st.execute("SET search_path TO " + String.join(", ", schemas.stream().map(Identifiers::quote).toList()));
                for (Plan.Statement s : PlanOperation.read(source.file().toString(), text, c.getMetaData().getDatabaseMajorVersion())
                        .statements()) {
                    try {
                        st.execute(s.sql());
                    } catch (SQLException e) {
                        throw new DatabaseException(source.file() + ":" + s.line() + " failed on the shadow database: " + e.getMessage()
                                + ". Fix the desired-state file; nothing else was changed.", e);
                    }
                }
                return readFixed(c);
            }
        } catch (IOException e) {
            throw new ConfigurationException("Cannot read the desired-state file " + source.file() + ": " + e.getMessage());
        } catch (SQLException e) {
            throw new DatabaseException("Reading " + source + " on shadow database " + name + " failed: " + e.getMessage(), e);
        } finally {
            drop(server, name);
            try {
                Runtime.getRuntime().removeShutdownHook(dropper);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs, or has run, the same drop
            }
        }
    }

    /**
     * Reads the managed schemas with {@code pg_catalog} alone on the search path, so that both sides
     * print every name qualified the same way (a definition is printed relative to the reader's path),
     * and the changes' SQL means the same whatever path it later runs with.
     */
    private DatabaseSchema readFixed(Connection c) throws SQLException {
        String path;
        try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT current_setting('search_path'),"
                + " set_config('search_path', 'pg_catalog', false)")) {
            rs.next();
            path = rs.getString(1);
        }
        try {
            return CatalogReader.read(c, engine.config.schemas(), Set.of(engine.config.historyTable()));
        } finally {
            try (var ps = c.prepareStatement("SELECT set_config('search_path', ?, false)")) {
                ps.setString(1, path);
                ps.execute();
            }
        }
    }

    private static void drop(Server server, String name) {
        try (Connection admin = server.admin.getConnection(); Statement st = admin.createStatement()) {
            boolean force = admin.getMetaData().getDatabaseMajorVersion() >= 13;
            st.execute("DROP DATABASE IF EXISTS " + Identifiers.quote(name) + (force ? " WITH (FORCE)" : ""));
        } catch (SQLException e) {
            LOG.warn("Could not drop shadow database {}: {}; drop it by hand", name, e.getMessage());
        }
    }

    /** Where shadows are made, and how to reach them. */
    private static final class Server {
        private final PGSimpleDataSource admin;

        Server(String url, String user, String password) {
            admin = new PGSimpleDataSource();
            admin.setUrl(url);
            admin.setUser(user);
            admin.setPassword(password);
        }

        PGSimpleDataSource copy() {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(admin.getUrl());
            ds.setUser(admin.getUser());
            ds.setPassword(admin.getPassword());
            return ds;
        }
    }

    private Server server() {
        ShadowServer configured = engine.config.options(ShadowServer.class).orElse(null);
        if (configured != null) {
            return new Server(configured.url(), configured.user(), configured.password());
        }
        ConnectionConfig connection = engine.config.connection();
        if (connection instanceof ConnectionConfig.FromUrl u) {
            return new Server(u.url(), u.user(), u.password());
        }
        DataSource ds = ((ConnectionConfig.FromDataSource) connection).dataSource();
        // A pgjdbc or HikariCP data source says where it connects; others do not.
        String url = property(ds, "getUrl", "getJdbcUrl");
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new ConfigurationException("Cannot tell from the migrator's DataSource (" + ds.getClass().getName() + ") where to"
                    + " make a shadow database: name the server with MigratorBuilder.shadowDatabase(url, user, password).");
        }
        return new Server(url, property(ds, "getUser", "getUsername"), property(ds, "getPassword"));
    }

    private static String property(DataSource ds, String... getters) {
        for (String getter : getters) {
            try {
                Method m = ds.getClass().getMethod(getter);
                Object value = m.invoke(ds);
                if (value instanceof String s) {
                    return s;
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // not this data source's getter
            }
        }
        return null;
    }
}
