package dev.migrate.testkit;

import dev.migrate.Location;
import dev.migrate.Migrator;
import dev.migrate.MigratorBuilder;
import dev.migrate.Version;
import dev.migrate.testkit.internal.DatabasePreparer;
import dev.migrate.testkit.internal.PreparedDatabase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that gives every test its own migrated PostgreSQL database.
 *
 * <pre>{@code
 * class OrderRepositoryTest {
 *     @RegisterExtension
 *     static MigrateExtension db = MigrateExtension.migrations("classpath:db/migration")
 *             .withPlaceholder("owner", "app");
 *
 *     @Test
 *     void saves_an_order(DataSource dataSource) {        // or TestDatabase, or Migrator
 *         new OrderRepository(dataSource).save(order);
 *         assertThat(db.database().queryForList("SELECT * FROM orders")).hasSize(1);
 *     }
 * }
 * }</pre>
 *
 * <p>The migrations run once per JVM into a template database; each test then gets a copy made
 * by {@code CREATE DATABASE ... TEMPLATE}, and the copy is dropped after the test. A copy costs
 * what copying the database's files costs (it grows with the schema's size, not with how many
 * migrations built it), which is also the floor of creating any new database; re-applying the
 * migrations adds their whole run on top. {@code examples/benchmarks} measures both. Extensions with equal settings share the template.
 * {@link #withTemplate(boolean) withTemplate(false)} migrates every test's database instead.
 *
 * <p>The server comes from {@link DatabaseProvider#fromEnvironment()} unless
 * {@link #withProvider(DatabaseProvider)} names one: by default an embedded PostgreSQL, no
 * Docker needed.
 *
 * <p>Test and lifecycle methods (and, with {@link Isolation#PER_CLASS}, constructors) may declare parameters of type
 * {@link TestDatabase}, {@link DataSource} and {@link Migrator} (configured like the extension,
 * closed when the database is dropped). An instance is immutable: each {@code with...} method
 * returns a new extension. Register it in a static field; an instance field works for
 * {@link Isolation#PER_TEST}.
 */
public final class MigrateExtension
        implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback, ParameterResolver {
    private static final String TEST_DATABASE = "test-database";
    private static final String CLASS_DATABASE = "class-database";

    private final Settings settings;
    private final DatabaseProvider provider;
    private final Isolation isolation;
    private final boolean template;

    private final ExtensionContext.Namespace namespace = ExtensionContext.Namespace.create(MigrateExtension.class, this);
    private final ThreadLocal<Lease> current = new ThreadLocal<>();
    private final Set<Lease> openLeases = ConcurrentHashMap.newKeySet();
    private volatile DatabaseProvider resolvedProvider;

    private MigrateExtension(Settings settings, DatabaseProvider provider, Isolation isolation, boolean template) {
        this.settings = settings;
        this.provider = provider;
        this.isolation = isolation;
        this.template = template;
    }

    /** Applies the migrations at {@code classpath:...} / {@code filesystem:...} locations to every test database. */
    public static MigrateExtension migrations(String... locations) {
        Objects.requireNonNull(locations, "locations");
        List<Location> parsed = new ArrayList<>();
        for (String location : locations) {
            parsed.add(Location.parse(Objects.requireNonNull(location, "location")));
        }
        return migrations(parsed.toArray(Location[]::new));
    }

    /** Applies the migrations at {@code locations} to every test database. */
    public static MigrateExtension migrations(Location... locations) {
        Objects.requireNonNull(locations, "locations");
        if (locations.length == 0) {
            throw new IllegalArgumentException("migrations(...) needs at least one location, such as \"classpath:db/migration\";"
                    + " use MigrateExtension.empty() for databases without migrations");
        }
        for (Location location : locations) {
            Objects.requireNonNull(location, "location");
        }
        return new MigrateExtension(new Settings(List.of(locations), true, null, Map.of(), null, List.of()), null,
                Isolation.PER_TEST, true);
    }

    /**
     * Empty databases, for tests that drive a {@link Migrator} themselves. The migrators it hands
     * out use the core defaults (locations {@code classpath:db/migration}) plus the settings given
     * with {@code with...}.
     */
    public static MigrateExtension empty() {
        return new MigrateExtension(new Settings(List.of(), false, null, Map.of(), null, List.of()), null,
                Isolation.PER_TEST, true);
    }

    /** Takes databases from {@code provider} instead of {@link DatabaseProvider#fromEnvironment()}. */
    public MigrateExtension withProvider(DatabaseProvider provider) {
        return new MigrateExtension(settings, Objects.requireNonNull(provider, "provider"), isolation, template);
    }

    /** The managed schema the migrations use (default {@code public}); see {@link MigratorBuilder#schema(String)}. */
    public MigrateExtension withSchema(String schema) {
        Objects.requireNonNull(schema, "schema");
        return with(new Settings(settings.locations(), settings.migrate(), schema, settings.placeholders(),
                settings.target(), settings.configurations()));
    }

    /** A value for {@code ${name}} in scripts; see {@link MigratorBuilder#placeholder(String, String)}. */
    public MigrateExtension withPlaceholder(String name, String value) {
        Map<String, String> placeholders = new LinkedHashMap<>(settings.placeholders());
        placeholders.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return with(new Settings(settings.locations(), settings.migrate(), settings.schema(), placeholders,
                settings.target(), settings.configurations()));
    }

    /** Migrates test databases up to and including {@code version} only. */
    public MigrateExtension withTarget(Version version) {
        Objects.requireNonNull(version, "version");
        return with(new Settings(settings.locations(), settings.migrate(), settings.schema(), settings.placeholders(),
                version, settings.configurations()));
    }

    /** Like {@link #withTarget(Version)}, with the version as written in file names ({@code "2.1"}). */
    public MigrateExtension withTarget(String version) {
        return withTarget(Version.parse(Objects.requireNonNull(version, "version")));
    }

    /** How long a database lives: one per test (the default) or one per class. */
    public MigrateExtension withIsolation(Isolation isolation) {
        return new MigrateExtension(settings, provider, Objects.requireNonNull(isolation, "isolation"), template);
    }

    /**
     * More {@link MigratorBuilder} settings, applied after the extension's own, to the template's
     * migrator and every migrator handed out: {@code withConfiguration(b -> b.historyTable("schema_log"))}.
     * Extensions share a template only when given the same operator instances, so keep one in a
     * constant when several test classes use it.
     */
    public MigrateExtension withConfiguration(UnaryOperator<MigratorBuilder> configuration) {
        List<UnaryOperator<MigratorBuilder>> configurations = new ArrayList<>(settings.configurations());
        configurations.add(Objects.requireNonNull(configuration, "configuration"));
        return with(new Settings(settings.locations(), settings.migrate(), settings.schema(), settings.placeholders(),
                settings.target(), configurations));
    }

    /**
     * Whether test databases are copies of a template migrated once (true, the default) or each
     * migrated from scratch (false: slower, for comparison or for migrations a copy cannot carry).
     */
    public MigrateExtension withTemplate(boolean enabled) {
        return new MigrateExtension(settings, provider, isolation, enabled);
    }

    private MigrateExtension with(Settings changed) {
        return new MigrateExtension(changed, provider, isolation, template);
    }

    /**
     * The database of the running test (or class, with {@link Isolation#PER_CLASS}).
     *
     * @throws IllegalStateException outside a test, or from a thread of its own while tests run in
     *                               parallel: declare a {@link TestDatabase} parameter instead
     */
    public TestDatabase database() {
        return currentLease().database();
    }

    /** The running test's data source; see {@link #database()}. */
    public DataSource dataSource() {
        return database().dataSource();
    }

    /** The running test's database URL; see {@link #database()}. */
    public String jdbcUrl() {
        return database().jdbcUrl();
    }

    /**
     * A {@link Migrator} for the running test's database, configured like the extension; the same
     * instance for the whole life of the database, closed when it is dropped.
     */
    public Migrator migrator() {
        return currentLease().migrator();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (isolation == Isolation.PER_CLASS) {
            Lease lease = open();
            context.getStore(namespace).put(CLASS_DATABASE, lease);
            current.set(lease);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Lease lease;
        if (isolation == Isolation.PER_TEST) {
            lease = open();
            context.getStore(namespace).put(TEST_DATABASE, lease);
        } else {
            lease = context.getStore(namespace).get(CLASS_DATABASE, Lease.class);
            if (lease == null) {
                // Registered in an instance field, so beforeAll never ran: the class's store owns it.
                lease = classContext(context).getStore(namespace).computeIfAbsent(CLASS_DATABASE, key -> open(), Lease.class);
            }
        }
        current.set(lease);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (isolation == Isolation.PER_TEST) {
            current.remove();
            Lease lease = context.getStore(namespace).remove(TEST_DATABASE, Lease.class);
            if (lease != null) {
                lease.close();
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (isolation == Isolation.PER_CLASS) {
            Lease lease = context.getStore(namespace).remove(CLASS_DATABASE, Lease.class);
            // An enclosing class's database, when this was a @Nested class.
            Lease outer = context.getStore(namespace).get(CLASS_DATABASE, Lease.class);
            if (outer != null) {
                current.set(outer);
            } else {
                current.remove();
            }
            if (lease != null) {
                lease.close();
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == TestDatabase.class || type == DataSource.class || type == Migrator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        ExtensionContext.Store store = extensionContext.getStore(namespace);
        Lease lease = store.get(TEST_DATABASE, Lease.class);
        if (lease == null) {
            lease = store.get(CLASS_DATABASE, Lease.class);
        }
        Class<?> type = parameterContext.getParameter().getType();
        if (lease == null) {
            throw new ParameterResolutionException("No test database exists yet for the " + type.getSimpleName()
                    + " parameter of " + parameterContext.getDeclaringExecutable() + ": with Isolation." + isolation
                    + " it exists " + (isolation == Isolation.PER_TEST
                    ? "from beforeEach to afterEach, so declare the parameter on a @Test, @BeforeEach or @AfterEach"
                    + " method, or use withIsolation(Isolation.PER_CLASS) for @BeforeAll methods and constructors"
                    : "from beforeAll to afterAll, which needs the extension in a static field"));
        }
        if (type == Migrator.class) {
            return lease.migrator();
        }
        return type == DataSource.class ? lease.database().dataSource() : lease.database();
    }

    private Lease open() {
        DatabaseProvider from = provider();
        Consumer<DataSource> migrate = settings.migrate() ? this::migrate : null;
        PreparedDatabase prepared = DatabasePreparer.prepare(from, settings, migrate, template);
        TestDatabase database = new TestDatabase(from, prepared.name(), prepared.template(), prepared.setUpTime(),
                prepared.templateBuildTime(), settings::applyTo);
        Lease lease = new Lease(database, closed -> {
            openLeases.remove(closed);
            DatabasePreparer.drop(from, database.name());
        });
        openLeases.add(lease);
        return lease;
    }

    private void migrate(DataSource dataSource) {
        try (Migrator migrator = settings.applyTo(Migrator.configure().dataSource(dataSource)).build()) {
            migrator.migrate();
        }
    }

    private DatabaseProvider provider() {
        DatabaseProvider resolved = resolvedProvider;
        if (resolved == null) {
            resolved = provider != null ? provider : DatabaseProvider.fromEnvironment();
            resolvedProvider = resolved;
        }
        return resolved;
    }

    private Lease currentLease() {
        Lease lease = current.get();
        if (lease != null && !lease.isClosed()) {
            return lease;
        }
        List<Lease> leases = List.copyOf(openLeases);
        if (leases.size() == 1) {
            return leases.get(0);
        }
        if (leases.isEmpty()) {
            throw new IllegalStateException("No test database now: " + (isolation == Isolation.PER_TEST
                    ? "with Isolation.PER_TEST one exists from beforeEach to afterEach only (use"
                    + " withIsolation(Isolation.PER_CLASS) to use it in @BeforeAll)"
                    : "with Isolation.PER_CLASS one exists from beforeAll to afterAll only")
                    + ". Is the extension registered with @RegisterExtension on this test class?");
        }
        throw new IllegalStateException(leases.size() + " test databases of this extension are in use at once (tests"
                + " running in parallel) and this thread belongs to none of them: declare a TestDatabase parameter instead");
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    @Override
    public String toString() {
        return "MigrateExtension[locations=" + settings.locations() + ", provider="
                + (provider == null ? "from environment" : provider.describe()) + ", isolation=" + isolation
                + ", template=" + template + "]";
    }

    /**
     * What the migrators are built with. A record, so that equal settings share a template.
     *
     * @param locations      where the migrations are; empty for {@link #empty()}
     * @param migrate        whether test databases are migrated
     * @param schema         the managed schema, or null for the core default
     * @param placeholders   placeholder values
     * @param target         the newest version applied, or null for all
     * @param configurations more builder settings, applied in order
     */
    private record Settings(List<Location> locations, boolean migrate, String schema, Map<String, String> placeholders,
                            Version target, List<UnaryOperator<MigratorBuilder>> configurations) {
        Settings {
            locations = List.copyOf(locations);
            placeholders = Map.copyOf(placeholders);
            configurations = List.copyOf(configurations);
        }

        MigratorBuilder applyTo(MigratorBuilder builder) {
            if (!locations.isEmpty()) {
                builder.locations(locations.toArray(Location[]::new));
            }
            if (schema != null) {
                builder.schema(schema);
            }
            builder.placeholders(placeholders);
            if (target != null) {
                builder.target(target);
            }
            MigratorBuilder configured = builder;
            for (UnaryOperator<MigratorBuilder> configuration : configurations) {
                configured = Objects.requireNonNull(configuration.apply(configured), "withConfiguration(...) returned null");
            }
            return configured;
        }
    }
}
