package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.testing.MigrationsDir;
import dev.migrate.testing.SingleConnectionDataSource;
import dev.migrate.testing.Sql;
import dev.migrate.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A migration cannot switch off the engine's protections for the migrations after it, or for the
 * engine's own bookkeeping: whatever it SETs (lock_timeout, search_path, statement_timeout, the
 * role, read-only transactions...) is put back after it, in and out of transactions.
 */
class SessionProtectionTest {
    private static final AtomicInteger ROLES = new AtomicInteger();

    @TempDir
    Path tmp;

    private final DataSource db = TestDatabases.newDatabase();

    private MigrationsDir dir() {
        return new MigrationsDir(tmp);
    }

    private MigrateResult migrate() {
        try (Migrator m = Migrator.configure().dataSource(db).locations(Location.directory(tmp)).schema("app").build()) {
            return m.migrate();
        }
    }

    /** What a migration after the one that changed the session sees. */
    private static final String SEEN = "CREATE TABLE seen AS SELECT current_setting('lock_timeout') AS lock_timeout,"
            + " current_setting('search_path') AS search_path, current_setting('statement_timeout') AS statement_timeout,"
            + " current_user::text AS who, current_setting('default_transaction_read_only') AS read_only;\n"
            + "SELECT pg_sleep(0.02);";

    private String seen() {
        return Sql.one(db, "SELECT lock_timeout || '|' || search_path || '|' || statement_timeout || '|' || who || '|' || read_only"
                + " FROM app.seen");
    }

    @Test
    void settings_a_transactional_migration_changes_do_not_reach_the_next_migration() {
        dir().write("V1__loosen.sql", "CREATE SCHEMA other;\nSET lock_timeout = 0;\nSET search_path TO other, public;\n"
                        + "SET statement_timeout = '1ms';\nSELECT set_config('default_transaction_read_only', 'on', false);")
                .write("V2__next.sql", SEEN);

        migrate();

        assertThat(seen()).isEqualTo("500ms|\"app\", \"$user\", public|0|postgres|off");
        assertThat(Sql.tableExists(db, "app.seen")).as("created in the managed schema, not in 'other'").isTrue();
    }

    @Test
    void settings_a_non_transactional_migration_changes_apply_to_its_own_statements_only() {
        dir().write("V1__t.sql", "CREATE TABLE app.t (id int);")
                .write("V2__index.sql", "SET lock_timeout = '7s';\nCREATE TABLE app.mine AS SELECT current_setting('lock_timeout') AS lt;\n"
                        + "CREATE INDEX CONCURRENTLY t_id ON app.t (id);\nSET statement_timeout = '1ms';\nSET search_path TO public;")
                .write("V3__next.sql", SEEN);

        migrate();

        assertThat(Sql.one(db, "SELECT lt FROM app.mine")).as("the script's own SET holds for its own statements").isEqualTo("7s");
        assertThat(seen()).isEqualTo("500ms|\"app\", \"$user\", public|0|postgres|off");
    }

    @Test
    void settings_changed_from_inside_a_function_are_put_back_too() {
        dir().write("V1__f.sql", "CREATE FUNCTION app.loosen() RETURNS int LANGUAGE plpgsql AS $$ BEGIN"
                        + " PERFORM set_config('lock_timeout', '0', false); PERFORM set_config('search_path', 'public', false);"
                        + " PERFORM set_config('statement_timeout', '1ms', false); RETURN 1; END $$;")
                .write("V2__call.sql", "SELECT app.loosen();")
                .write("V3__next.sql", SEEN);

        migrate();

        assertThat(seen()).isEqualTo("500ms|\"app\", \"$user\", public|0|postgres|off");
    }

    @Test
    void set_role_in_a_non_transactional_migration_does_not_stop_the_bookkeeping() {
        String role = role();
        dir().write("V1__role.sql", "-- migrate:no-transaction\nSET ROLE " + role + ";\nSELECT 1;\nSELECT current_user;")
                .write("V2__next.sql", SEEN);

        MigrateResult result = migrate();

        assertThat(result.applied()).hasSize(2);
        assertThat(Sql.column(db, "SELECT version || ':' || state || ':' || statements_done FROM app.migrate_history"
                + " ORDER BY installed_rank")).containsExactly("1:APPLIED:3", "2:APPLIED:2");
        assertThat(seen()).endsWith("|postgres|off");
    }

    @Test
    void set_role_and_session_authorization_in_a_transaction_are_put_back_before_the_history_row() {
        String role = role();
        dir().write("V1__role.sql", "SET ROLE " + role + ";\nSELECT 1;")
                .write("V2__auth.sql", "SET SESSION AUTHORIZATION " + role + ";\nSELECT 1;")
                .write("V3__next.sql", SEEN);

        migrate();

        assertThat(Sql.column(db, "SELECT state FROM app.migrate_history")).containsOnly("APPLIED").hasSize(3);
        assertThat(seen()).endsWith("|postgres|off");
    }

    @Test
    void the_callers_connection_gets_back_what_it_had_whatever_the_migrations_set() throws Exception {
        dir().write("V1__t.sql", "CREATE TABLE app.t (id int);\nSET statement_timeout = '3s';\nSET ROLE " + role() + ";\n"
                + "SET application_name = 'hijacked';");
        try (Connection c = db.getConnection()) {
            try (Statement st = c.createStatement()) {
                st.execute("SET work_mem = '7MB'");
            }
            var single = new SingleConnectionDataSource(c);
            try (Migrator m = Migrator.configure().dataSource(single).locations(Location.directory(tmp)).schema("app").build()) {
                m.migrate();
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_setting('statement_timeout'),"
                    + " current_user, current_setting('work_mem'), current_setting('search_path'), current_setting('lock_timeout'),"
                    + " current_setting('application_name') <> 'hijacked'")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("0");
                assertThat(rs.getString(2)).isEqualTo("postgres");
                assertThat(rs.getString(3)).as("what the connection's owner had set stays").isEqualTo("7MB");
                assertThat(rs.getString(4)).isEqualTo("\"$user\", public");
                assertThat(rs.getString(5)).isEqualTo("0");
                assertThat(rs.getBoolean(6)).isTrue();
            }
        }
    }

    @Test
    void a_leaked_statement_timeout_cannot_fail_the_next_migration_or_the_restore() {
        dir().write("V1__tiny.sql", "SET statement_timeout = '1ms';")
                .write("V2__slow.sql", "SELECT pg_sleep(0.2);\nCREATE TABLE app.done (id int);");

        assertThat(migrate().applied()).hasSize(2);
        assertThat(Sql.tableExists(db, "app.done")).isTrue();
    }

    @Test
    void a_placeholder_value_cannot_add_a_statement_to_a_non_transactional_migration() {
        dir().write("V1__base.sql", "CREATE TABLE app.base (id int);\nCREATE TABLE app.notes (note text);");
        migrate();
        dir().write("V2__index.sql", "CREATE INDEX CONCURRENTLY base_id ON app.base (id);\nINSERT INTO app.notes VALUES ('${note}');");

        try (Migrator m = Migrator.configure().dataSource(db).locations(Location.directory(tmp)).schema("app")
                .placeholder("note", "x'); DROP TABLE app.base; --").build()) {
            assertThatThrownBy(m::migrate).isInstanceOfSatisfying(ValidationException.class, e -> {
                assertThat(e.problems()).singleElement().satisfies(p -> {
                    assertThat(p.code()).isEqualTo(ErrorCode.UNKNOWN_PLACEHOLDER);
                    assertThat(p.script()).isEqualTo("V2__index.sql");
                    assertThat(p.line()).isEqualTo(2);
                });
                assertThat(e.getMessage()).doesNotContain("DROP TABLE app.base");
            });
        }
        assertThat(Sql.tableExists(db, "app.base")).isTrue();
    }

    @Test
    void a_typed_literal_placeholder_carries_any_text_safely() {
        dir().write("V1__notes.sql", "-- migrate:no-transaction\nCREATE TABLE app.notes (note text);\n"
                + "INSERT INTO app.notes VALUES (${note:literal});");

        try (Migrator m = Migrator.configure().dataSource(db).locations(Location.directory(tmp)).schema("app")
                .placeholder("note", "x'); DROP TABLE app.notes; -- \\ ok").build()) {
            m.migrate();
        }
        assertThat(Sql.one(db, "SELECT note FROM app.notes")).isEqualTo("x'); DROP TABLE app.notes; -- \\ ok");
    }

    /** A role with no rights on anything: a migration that switches to it cannot write the history. */
    private String role() {
        String name = "nobody_" + ProcessHandle.current().pid() + "_" + ROLES.incrementAndGet();
        Sql.execute(db, "CREATE ROLE " + name + " NOLOGIN");
        return name;
    }

    @Test
    void a_superuser_only_setting_changed_under_a_granted_role_is_put_back_before_the_role() {
        String admin = role() + "_admin";
        String app = role() + "_app";
        Sql.execute(db, "CREATE ROLE " + admin + " SUPERUSER NOLOGIN");
        Sql.execute(db, "CREATE ROLE " + app + " LOGIN IN ROLE " + admin);
        Sql.execute(db, "GRANT CREATE ON SCHEMA public TO " + app);
        dir().write("V1__replica.sql", "SET ROLE " + admin + ";\nSET session_replication_role = replica;")
                .write("V2__next.sql", "CREATE TABLE public.seen (srr text, who text);\n"
                        + "INSERT INTO public.seen SELECT current_setting('session_replication_role'), current_user;");
        org.postgresql.ds.PGSimpleDataSource asApp = new org.postgresql.ds.PGSimpleDataSource();
        asApp.setURL(TestDatabases.url(db));
        asApp.setUser(app);

        try (Migrator m = Migrator.configure().dataSource(asApp).locations(Location.directory(tmp)).build()) {
            assertThat(m.migrate().applied()).hasSize(2);
        }
        assertThat(Sql.one(db, "SELECT srr || '|' || who FROM public.seen")).isEqualTo("origin|" + app);
    }

    @Test
    void a_superuser_only_setting_changed_before_dropping_to_a_plain_role_is_put_back_too() {
        String plain = role();
        dir().write("V1__replica.sql", "SET session_replication_role = replica;\nSET ROLE " + plain + ";")
                .write("V2__next.sql", "CREATE TABLE app.seen2 AS SELECT current_setting('session_replication_role') AS srr,"
                        + " current_user::text AS who;");

        migrate();

        assertThat(Sql.one(db, "SELECT srr || '|' || who FROM app.seen2")).isEqualTo("origin|postgres");
    }

    @Test
    void temp_buffers_a_migration_set_before_using_a_temporary_table_does_not_stop_the_restore() {
        dir().write("V1__temp.sql", "SET temp_buffers = '16MB';\nCREATE TEMP TABLE scratch (id int);\nINSERT INTO scratch VALUES (1);")
                .write("V2__next.sql", SEEN);

        assertThat(migrate().applied()).hasSize(2);
    }
}
