package dev.migrate.zerodowntime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.Location;
import dev.migrate.MigrationException;
import dev.migrate.MigrationState;
import dev.migrate.Migrator;
import dev.migrate.MigratorBuilder;
import dev.migrate.spi.StepRunner;
import dev.migrate.testkit.MigrateExtension;
import dev.migrate.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several migrations in flight, the rules between them, the old version's sessions, a start
 * interrupted midway, and how an application picks its version through a pooler.
 */
class InFlightTest {
    /** Batches this size never shrink here: the tests count them. */
    private static final Duration STEADY = Duration.ofMinutes(1);

    @RegisterExtension
    static MigrateExtension db = MigrateExtension.empty();

    @TempDir
    Path dir;

    private static final String TABLES = "CREATE TABLE users (id bigserial PRIMARY KEY, name text NOT NULL);"
            + " CREATE TABLE orders (id bigserial PRIMARY KEY, amount int NOT NULL);"
            + " INSERT INTO users (name) VALUES ('ada'); INSERT INTO orders (amount) SELECT g FROM generate_series(1, 3000) g;";

    private static final ExpandContract RENAME = ExpandContract.migration("2", "rename name").renameColumn("users", "name", "full_name");
    private static final ExpandContract WIDEN = ExpandContract.migration("3", "widen amount")
            .changeType("orders", "amount", "bigint", "amount::bigint", "amount::int");

    private MigratorBuilder builder(TestDatabase database, ExpandContract... migrations) throws Exception {
        Files.writeString(dir.resolve("V1__base.sql"), TABLES);
        return Migrator.configure().dataSource(database.dataSource()).locations(Location.directory(dir))
                .source(ZeroDowntime.source(migrations));
    }

    private static String one(TestDatabase database, String sql) {
        Object value = database.queryForList(sql).get(0).values().iterator().next();
        return value == null ? null : value.toString();
    }

    @Test
    void two_migrations_on_different_tables_are_in_flight_at_once_and_complete_in_order(TestDatabase database) throws Exception {
        try (Migrator m = builder(database, RENAME, WIDEN).build()) {
            ZeroDowntime zd = ZeroDowntime.on(m);
            zd.start();
            assertThat(zd.status()).extracting(InFlight::phase).containsExactly(InFlight.Phase.EXPANDED, InFlight.Phase.EXPANDED);
            assertThat(zd.status()).extracting(InFlight::previousSchema).containsExactly("public", "public_v2");
            // The newest version sees both changes; the one between sees the first only.
            assertThat(one(database, "SELECT full_name || ' ' || pg_typeof(o.amount) FROM public_v3.users, public_v3.orders o"
                    + " WHERE o.id = 1")).isEqualTo("ada bigint");
            assertThat(one(database, "SELECT full_name || ' ' || pg_typeof(o.amount) FROM public_v2.users, public_v2.orders o"
                    + " WHERE o.id = 1")).isEqualTo("ada integer");

            assertThatThrownBy(() -> zd.complete("3")).isInstanceOf(StepRunner.Refused.class)
                    .hasMessageContaining("migration 2 started before it and is EXPANDED");
            assertThatThrownBy(() -> zd.rollback("2")).isInstanceOf(StepRunner.Refused.class)
                    .hasMessageContaining("not the last applied migration");

            zd.complete("2");
            zd.complete("3");
            assertThat(one(database, "SELECT full_name || ' ' || pg_typeof(o.amount) FROM public_v3.users, public_v3.orders o"
                    + " WHERE o.id = 1")).isEqualTo("ada bigint");
            assertThat(one(database, "SELECT count(*) FROM pg_namespace WHERE nspname = 'public_v2'")).isEqualTo("0");
            assertThat(zd.status()).extracting(InFlight::version).extracting(Object::toString).containsExactly("3");
        }
    }

    @Test
    void a_second_migration_on_a_table_in_flight_is_refused_naming_the_one_in_flight(TestDatabase database) throws Exception {
        ExpandContract again = ExpandContract.migration("3", "users again").setNotNull("users", "name", "''")
                .dropColumn("users", "name", null);
        try (Migrator m = builder(database, RENAME, again).build()) {
            assertThatThrownBy(m::migrate).isInstanceOf(StepRunner.Refused.class)
                    .hasMessageContaining("table users is changed by migration 2, which is in flight")
                    .hasMessageContaining("complete(\"2\")");
            assertThat(m.status().migrations()).extracting(i -> i.state())
                    .containsExactly(MigrationState.APPLIED, MigrationState.APPLIED, MigrationState.PENDING);
        }
    }

    @Test
    void a_plain_migration_that_changes_a_table_in_flight_is_refused_before_anything_runs(TestDatabase database) throws Exception {
        try (Migrator m = builder(database, RENAME).build()) {
            ZeroDowntime.on(m).start();
        }
        Files.writeString(dir.resolve("V3__plain.sql"), "UPDATE orders SET amount = amount + 1 WHERE id = 1;\nALTER TABLE users ADD COLUMN nick text;\n"
                + "ALTER TABLE orders ADD COLUMN note text;\n");
        try (Migrator m = builder(database, RENAME).build()) {
            assertThatThrownBy(m::migrate).isInstanceOfSatisfying(dev.migrate.RiskRefusedException.class, e -> {
                assertThat(e.findings()).singleElement().satisfies(f -> {
                    assertThat(f.rule()).isEqualTo("expand-contract-in-flight");
                    assertThat(f.script()).isEqualTo("V3__plain.sql");
                    assertThat(f.line()).isEqualTo(2);
                    assertThat(f.message()).contains("table users, which expand-contract migration 2 (EXPANDED) has in flight");
                });
                assertThat(e.policy()).isNull();
                assertThat(e.getMessage()).contains("a guard of a module").doesNotContain("migrate:allow");
            });
            assertThat(m.plan().findings()).extracting(dev.migrate.Finding::rule).contains("expand-contract-in-flight");
            assertThat(m.status().pending()).extracting(i -> i.version().toString()).containsExactly("3");
            assertThat(one(database, "SELECT amount FROM orders WHERE id = 1")).as("not even the UPDATE ran").isEqualTo("1");

            ZeroDowntime.on(m).complete("2");
            m.migrate();
            assertThat(one(database, "SELECT full_name || ' ' || coalesce(nick, '-') || ' ' || (SELECT amount FROM orders WHERE id = 1)"
                    + " FROM users")).isEqualTo("ada - 2");
        }
    }

    @Test
    void a_plain_migration_after_one_that_starts_on_the_same_table_in_the_same_run_is_refused_too(TestDatabase database)
            throws Exception {
        Files.writeString(dir.resolve("V3__plain.sql"), "DROP TABLE IF EXISTS scratch, public.users;\n");
        try (Migrator m = builder(database, RENAME).build()) {
            assertThatThrownBy(m::migrate).isInstanceOfSatisfying(dev.migrate.RiskRefusedException.class, e -> assertThat(e.findings())
                    .singleElement().satisfies(f -> assertThat(f.message())
                            .contains("table users, which expand-contract migration 2, which this run starts first")));
            assertThat(m.status().pending()).extracting(i -> i.version().toString()).containsExactly("1", "2", "3");
        }
    }

    @Test
    void a_plain_table_made_under_the_name_a_rename_in_flight_will_take_is_refused(TestDatabase database) throws Exception {
        ExpandContract rename = ExpandContract.migration("2", "rename orders").renameTable("orders", "purchases");
        try (Migrator m = builder(database, rename).build()) {
            ZeroDowntime.on(m).start();
        }
        Files.writeString(dir.resolve("V3__plain.sql"), "CREATE TABLE purchases (id bigint PRIMARY KEY);\n");
        try (Migrator m = builder(database, rename).build()) {
            assertThatThrownBy(m::migrate).isInstanceOfSatisfying(dev.migrate.RiskRefusedException.class, e -> assertThat(e.findings())
                    .singleElement().satisfies(f -> assertThat(f.message()).contains("table purchases, which expand-contract migration 2")));
        }
    }

    @Test
    void the_guard_reads_the_tables_a_statement_changes_in_the_managed_schema() {
        assertThat(dev.migrate.zerodowntime.internal.InFlightGuardProbe.changed("ALTER TABLE IF EXISTS ONLY users ADD COLUMN x int"))
                .containsExactly("users");
        assertThat(dev.migrate.zerodowntime.internal.InFlightGuardProbe.changed("TRUNCATE TABLE a, public.b, audit.c"))
                .containsExactly("a", "b");
        assertThat(dev.migrate.zerodowntime.internal.InFlightGuardProbe.changed(
                "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON ONLY \"Users\" USING btree (lower(name))")).containsExactly("Users");
        assertThat(dev.migrate.zerodowntime.internal.InFlightGuardProbe.changed(
                "CREATE TRIGGER t BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION f()")).containsExactly("orders");
        assertThat(dev.migrate.zerodowntime.internal.InFlightGuardProbe.changed(
                "CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN ALTER TABLE users ADD COLUMN x int; END $$ LANGUAGE plpgsql")).isEmpty();
        assertThat(dev.migrate.zerodowntime.internal.InFlightGuardProbe.changed("UPDATE users SET name = 'x'")).isEmpty();
        assertThat(dev.migrate.zerodowntime.internal.InFlightGuardProbe.changed("TRUNCATE a *, ONLY orders, audit.x CASCADE"))
                .containsExactly("a", "orders");
        assertThat(dev.migrate.zerodowntime.internal.InFlightGuardProbe.changed("DROP TRIGGER IF EXISTS sync ON public.orders"))
                .containsExactly("orders");
        assertThat(dev.migrate.zerodowntime.internal.InFlightGuardProbe.changed(
                "CREATE OR REPLACE RULE r AS ON INSERT TO orders DO INSTEAD NOTHING")).containsExactly("orders");
        assertThat(dev.migrate.zerodowntime.internal.InFlightGuardProbe.changed("DROP INDEX CONCURRENTLY IF EXISTS orders_pkey, gone"))
                .containsExactly("orders");
        assertThat(dev.migrate.zerodowntime.internal.InFlightGuardProbe.changed("ALTER TABLE users RENAME TO accounts"))
                .containsExactly("users", "accounts");
        assertThat(dev.migrate.zerodowntime.internal.InFlightGuardProbe.changed("CREATE UNLOGGED TABLE IF NOT EXISTS accounts (id int)"))
                .containsExactly("accounts");
        assertThat(dev.migrate.zerodowntime.internal.InFlightGuardProbe.changed("CREATE MATERIALIZED VIEW totals AS SELECT 1"))
                .containsExactly("totals");
        assertThat(dev.migrate.zerodowntime.internal.InFlightGuardProbe.changed("COMMENT ON TABLE users IS 'x'")).isEmpty();
        assertThat(dev.migrate.zerodowntime.internal.InFlightGuardProbe.changed("CREATE POLICY p ON users USING (true)")).isEmpty();
    }

    @Test
    void complete_waits_for_the_old_version_to_disconnect(TestDatabase database) throws Exception {
        try (Migrator m = builder(database, RENAME).build()) {
            ZeroDowntime zd = ZeroDowntime.on(m);
            zd.start();
            Properties old = new Properties();
            old.setProperty("user", database.user());
            old.setProperty("password", database.password() == null ? "" : database.password());
            old.setProperty("ApplicationName", ZeroDowntime.applicationName("orders-service", "public"));
            Properties current = new Properties();
            current.putAll(old);
            current.setProperty("ApplicationName", ZeroDowntime.applicationName("orders-service", "public_v2"));
            try (Connection newVersion = DriverManager.getConnection(database.jdbcUrl(), current)) {
                try (Connection oldVersion = DriverManager.getConnection(database.jdbcUrl(), old)) {
                    assertThat(oldVersion.isValid(5)).isTrue();
                    assertThatThrownBy(() -> zd.complete("2")).isInstanceOf(StepRunner.Refused.class)
                            .hasMessageContaining("1 session(s) of the old version").hasMessageContaining("orders-service@public");
                    assertThat(zd.status().get(0).phase()).isEqualTo(InFlight.Phase.EXPANDED);
                }
                assertThat(zd.complete("2").phase()).isEqualTo(InFlight.Phase.COMPLETED);
                try (Statement st = newVersion.createStatement(); ResultSet rs = st.executeQuery("SELECT full_name FROM public_v2.users")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("ada");
                }
            }
        }
    }

    @Test
    void the_new_version_picks_its_schema_in_the_jdbc_url_which_needs_no_session_state(TestDatabase database) throws Exception {
        try (Migrator m = builder(database, RENAME).build()) {
            ZeroDowntime.on(m).start();
        }
        String url = database.jdbcUrl() + (database.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=public_v2,public";
        Properties p = new Properties();
        p.setProperty("user", database.user());
        p.setProperty("password", database.password() == null ? "" : database.password());
        try (Connection c = DriverManager.getConnection(url, p); Statement st = c.createStatement()) {
            st.execute("INSERT INTO users (full_name) VALUES ('bob')");
            try (ResultSet rs = st.executeQuery("SELECT string_agg(full_name, ',' ORDER BY id), current_setting('search_path')"
                    + " FROM users")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("ada,bob");
                assertThat(rs.getString(2)).isEqualTo("public_v2,public");
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE pid = pg_backend_pid()"
                    + " AND query LIKE '%search_path%' AND query NOT LIKE '%current_setting%'")) {
                rs.next();
                assertThat(rs.getLong(1)).as("no SET was sent for it").isZero();
            }
        }
    }

    @Test
    void an_application_role_reads_and_writes_through_the_views_with_its_own_grants(TestDatabase database) throws Exception {
        database.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'zdt_app') THEN"
                + " CREATE ROLE zdt_app LOGIN PASSWORD 'app'; END IF; END $$");
        Files.writeString(dir.resolve("V1_1__grants.sql"), "GRANT SELECT, INSERT, UPDATE ON users TO zdt_app;"
                + " GRANT USAGE ON SEQUENCE users_id_seq TO zdt_app;");
        try (Migrator m = builder(database, RENAME).build()) {
            ZeroDowntime.on(m).start();
        }
        Properties p = new Properties();
        p.setProperty("user", "zdt_app");
        p.setProperty("password", "app");
        String url = database.jdbcUrl().replaceAll("([?&])(user|password)=[^&]*&?", "$1");
        try (Connection c = DriverManager.getConnection(url, p); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT current_user || ' ' || rolsuper FROM pg_roles WHERE rolname = current_user")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("zdt_app false");
            }
            st.execute("INSERT INTO public_v2.users (full_name) VALUES ('cy')");
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM public_v2.users")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(2);
            }
            assertThatThrownBy(() -> st.execute("SELECT * FROM public_v2.orders")).hasMessageContaining("permission denied");
        }
    }

    @Test
    void a_start_interrupted_during_its_backfill_continues_where_it_stopped(TestDatabase database) throws Exception {
        AtomicBoolean killed = new AtomicBoolean();
        MigratorBuilder builder = builder(database, WIDEN).options(ZeroDowntimeOptions.DEFAULTS.withBatchSize(500).withMaxBatchTime(STEADY))
                .listener(e -> {
                    if (e instanceof BackfillProgress p && p.rowsDone() == 1000 && !killed.getAndSet(true)) {
                        database.execute("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                                + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
                    }
                });
        try (Migrator m = builder.build()) {
            assertThatThrownBy(m::migrate).isInstanceOf(MigrationException.class);
            assertThat(ZeroDowntime.on(m).status()).singleElement().extracting(InFlight::phase).isEqualTo(InFlight.Phase.STARTING);
            m.resolve().resume("3");
            m.migrate();
            assertThat(ZeroDowntime.on(m).status()).singleElement().extracting(InFlight::phase).isEqualTo(InFlight.Phase.EXPANDED);
        }
        assertThat(database.queryForObject("SELECT count(*) FROM orders WHERE migrate_new_amount IS DISTINCT FROM amount",
                Long.class)).isZero();
        assertThat(database.queryForObject("SELECT rows_done FROM migrate_zero_downtime.backfills", Long.class)).isEqualTo(3000L);
        assertThat(one(database, "SELECT count(*) FROM public_v3.orders")).isEqualTo("3000");
        List<String> triggers = database.queryForList("SELECT tgname FROM pg_trigger WHERE tgrelid = 'orders'::regclass"
                + " AND NOT tgisinternal").stream().map(r -> r.get("tgname").toString()).toList();
        assertThat(triggers).containsExactly("migrate_zdt_v3");
    }
}
