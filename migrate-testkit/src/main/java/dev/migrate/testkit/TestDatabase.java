package dev.migrate.testkit;

import dev.migrate.DatabaseException;
import dev.migrate.Migrator;
import dev.migrate.MigratorBuilder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * One test's database, made by {@link MigrateExtension}: already migrated, dropped after the test
 * (or class). Inject it as a parameter or read it from the extension.
 *
 * <pre>{@code
 * @Test
 * void stores_orders(TestDatabase db) {
 *     db.execute("INSERT INTO orders (id, total) VALUES (1, 9.50)");
 *     assertThat(db.queryForList("SELECT id FROM orders")).hasSize(1);
 * }
 * }</pre>
 */
public final class TestDatabase {
    private static final int SQL_EXCERPT = 200;

    private final DatabaseProvider provider;
    private final String name;
    private final String template;
    private final Duration setUpTime;
    private final Duration templateBuildTime;
    private final UnaryOperator<MigratorBuilder> settings;
    private final DataSource dataSource;
    private final String jdbcUrl;

    TestDatabase(DatabaseProvider provider, String name, String template, Duration setUpTime, Duration templateBuildTime,
                 UnaryOperator<MigratorBuilder> settings) {
        this.provider = provider;
        this.name = name;
        this.template = template;
        this.setUpTime = setUpTime;
        this.templateBuildTime = templateBuildTime;
        this.settings = settings;
        this.dataSource = provider.dataSource(name);
        this.jdbcUrl = provider.jdbcUrl(name);
    }

    /** The database's name, unique on its server. */
    public String name() {
        return name;
    }

    /** A data source for this database. Connections are not pooled; close the ones you open. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** This database's JDBC URL, for tools that connect by URL; see {@link #user()} and {@link #password()}. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The role connections use. */
    public String user() {
        return provider.user();
    }

    /** The password connections use, or null when none is needed. Never printed by the testkit. */
    public String password() {
        return provider.password();
    }

    /** The server this database lives on. */
    public DatabaseProvider provider() {
        return provider;
    }

    /**
     * A new {@link Migrator} for this database with the extension's locations, schema, placeholders,
     * target and configuration. The caller closes it.
     */
    public Migrator migrator() {
        return migrator(UnaryOperator.identity());
    }

    /**
     * Like {@link #migrator()}, with more settings applied last:
     * {@code db.migrator(b -> b.target("2"))}. The caller closes it.
     */
    public Migrator migrator(UnaryOperator<MigratorBuilder> customizer) {
        Objects.requireNonNull(customizer, "customizer");
        MigratorBuilder builder = settings.apply(Migrator.configure().dataSource(dataSource));
        return Objects.requireNonNull(customizer.apply(builder), "customizer returned null").build();
    }

    /**
     * Runs SQL that returns no rows, outside any transaction; several statements separated by
     * {@code ;} run as one script.
     *
     * @throws DatabaseException naming the database and the start of the statement
     */
    public void execute(String sql) {
        Objects.requireNonNull(sql, "sql");
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    /**
     * Every row of a query, each as column label to value, in order; {@code ?} marks bind
     * {@code parameters}. The list and its maps are unmodifiable.
     */
    public List<Map<String, Object>> queryForList(String sql, Object... parameters) {
        Objects.requireNonNull(sql, "sql");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = prepare(c, sql, parameters);
             ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData meta = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), rs.getObject(i));
                }
                rows.add(Collections.unmodifiableMap(row));
            }
            return Collections.unmodifiableList(rows);
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    /**
     * The single value of a query that returns one row of one column, as {@code type}
     * ({@code Long}, {@code String}, {@code Boolean}, ...); null for SQL NULL.
     *
     * @throws DatabaseException when the query fails or does not return exactly one row
     */
    public <T> T queryForObject(String sql, Class<T> type, Object... parameters) {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(type, "type");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = prepare(c, sql, parameters);
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new DatabaseException("Query on test database " + name + " returned no row: " + excerpt(sql), null);
            }
            T value = rs.getObject(1, type);
            if (rs.next()) {
                throw new DatabaseException("Query on test database " + name + " returned more than one row: " + excerpt(sql), null);
            }
            return value;
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    /**
     * How long this database took to get ready: the {@code CREATE DATABASE ... TEMPLATE} copy when
     * cloned, or creating it and applying every migration otherwise. The template's own one-time
     * cost is {@link #templateBuildTime()}.
     */
    public Duration setUpTime() {
        return setUpTime;
    }

    /** The template database this one was cloned from; empty when its migrations ran on it directly. */
    public Optional<String> template() {
        return Optional.ofNullable(template);
    }

    /**
     * How long creating and migrating {@link #template()} took, paid once per JVM and
     * configuration and shared by every clone; zero when this database was not cloned.
     */
    public Duration templateBuildTime() {
        return templateBuildTime;
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... parameters) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            ps.setObject(i + 1, parameters[i]);
        }
        return ps;
    }

    private DatabaseException failed(String sql, SQLException e) {
        return new DatabaseException("SQL failed on test database " + name + ": " + e.getMessage() + " [SQLSTATE "
                + e.getSQLState() + "] in: " + excerpt(sql), e);
    }

    private static String excerpt(String sql) {
        String flat = sql.strip().replaceAll("\\s+", " ");
        return flat.length() <= SQL_EXCERPT ? flat : flat.substring(0, SQL_EXCERPT) + "...";
    }

    /** The name and server; never the password. */
    @Override
    public String toString() {
        return "TestDatabase[" + name + " on " + provider.describe() + "]";
    }
}
