package dev.migrate.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.migrate.schema.Column;
import dev.migrate.schema.CompositeType;
import dev.migrate.schema.Constraint;
import dev.migrate.schema.DatabaseSchema;
import dev.migrate.schema.Domain;
import dev.migrate.schema.ForeignKey;
import dev.migrate.schema.Index;
import dev.migrate.schema.Routine;
import dev.migrate.schema.Sequence;
import dev.migrate.schema.Table;
import dev.migrate.schema.Trigger;
import dev.migrate.schema.View;
import dev.migrate.testing.Sql;
import dev.migrate.testing.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class CatalogReaderTest {
    private static final String EVERY_KIND = """
            CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
            CREATE DOMAIN positive_int AS integer NOT NULL DEFAULT 1 CONSTRAINT positive_int_check CHECK (VALUE > 0);
            CREATE TYPE pair AS (a integer, b text);
            CREATE TABLE users (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                email varchar(100) NOT NULL,
                name text COLLATE "C",
                created_at timestamptz NOT NULL DEFAULT now(),
                feeling mood,
                deleted_at timestamptz,
                CONSTRAINT users_email_key UNIQUE (email)
            );
            COMMENT ON TABLE users IS 'People who sign in';
            COMMENT ON COLUMN users.email IS 'Where we write';
            CREATE TABLE orders (
                id serial PRIMARY KEY,
                user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                quantity integer NOT NULL CHECK (quantity > 0),
                price numeric(10, 2) NOT NULL,
                total numeric GENERATED ALWAYS AS (quantity * price) STORED,
                during tsrange,
                CONSTRAINT orders_no_overlap EXCLUDE USING gist (during WITH &&)
            );
            ALTER TABLE orders ADD CONSTRAINT orders_price_check CHECK (price >= 0) NOT VALID;
            CREATE UNIQUE INDEX users_live_email_idx ON users (lower(email)) WHERE deleted_at IS NULL;
            CREATE INDEX orders_user_idx ON orders (user_id) INCLUDE (quantity);
            CREATE VIEW live_users AS SELECT id, email FROM users WHERE deleted_at IS NULL;
            CREATE MATERIALIZED VIEW order_totals AS SELECT user_id, sum(total) AS total FROM orders GROUP BY user_id;
            CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                NEW.created_at := now();
                RETURN NEW;
            END
            $$;
            CREATE FUNCTION add(a integer, b integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT a + b';
            CREATE FUNCTION add(a text, b text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT a || b';
            CREATE PROCEDURE forget(uid bigint) LANGUAGE sql AS $$ DELETE FROM users WHERE id = uid $$;
            CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
            CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch();
            ALTER TABLE orders DISABLE TRIGGER orders_touch;
            CREATE SEQUENCE invoice_numbers AS integer START 1000 INCREMENT 10;
            CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
            CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
            CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
            CREATE FUNCTION noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
            CREATE TRIGGER events_audit AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION noop();
            CREATE TABLE event_notes (event_id bigint, at date, note text,
                CONSTRAINT event_notes_event_fkey FOREIGN KEY (event_id, at) REFERENCES events (id, at));
            CREATE UNLOGGED TABLE scratch (v text);
            """;

    private static DatabaseSchema read(DataSource ds, String... schemas) {
        try (Connection c = ds.getConnection()) {
            return CatalogReader.read(c, List.of(schemas), Set.of("migrate_history"));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DataSource database(String ddl) {
        DataSource ds = TestDatabases.newDatabase();
        Sql.execute(ds, ddl);
        return ds;
    }

    @Test
    void reads_column_types_nullability_defaults_identity_generation_collation_and_comments() {
        DatabaseSchema schema = read(database(EVERY_KIND), "public");

        Table users = schema.table("users").orElseThrow();
        assertThat(users.qualifiedName()).isEqualTo("public.users");
        assertThat(users.comment()).isEqualTo("People who sign in");
        assertThat(users.columnNames()).containsExactly("id", "email", "name", "created_at", "feeling", "deleted_at");
        assertThat(users.column("id")).hasValueSatisfying(id -> {
            assertThat(id.type()).isEqualTo("bigint");
            assertThat(id.nullable()).isFalse();
            assertThat(id.identity()).isEqualTo(Column.Identity.ALWAYS);
            assertThat(id.defaultExpression()).isNull();
        });
        assertThat(users.column("email")).hasValueSatisfying(email -> {
            assertThat(email.type()).isEqualTo("character varying(100)");
            assertThat(email.nullable()).isFalse();
            assertThat(email.comment()).isEqualTo("Where we write");
            assertThat(email.collation()).isNull();
        });
        assertThat(users.column("name").map(Column::collation)).contains("C");
        assertThat(users.column("name").map(Column::nullable)).contains(true);
        assertThat(users.column("created_at").map(Column::type)).contains("timestamp with time zone");
        assertThat(users.column("created_at").map(Column::defaultExpression)).contains("now()");
        assertThat(users.column("feeling").map(Column::type)).contains("mood");

        Table orders = schema.table("public.orders").orElseThrow();
        assertThat(orders.column("id").map(Column::defaultExpression)).contains("nextval('orders_id_seq'::regclass)");
        assertThat(orders.column("price").map(Column::type)).contains("numeric(10,2)");
        assertThat(orders.column("total")).hasValueSatisfying(total -> {
            assertThat(total.generated()).isEqualTo(Column.Generated.STORED);
            assertThat(total.generationExpression()).contains("quantity").contains("price");
            assertThat(total.defaultExpression()).isNull();
            assertThat(total.identity()).isEqualTo(Column.Identity.NONE);
        });
        assertThat(schema.table("scratch").map(Table::unlogged)).contains(true);
        assertThat(users.unlogged()).isFalse();
    }

    @Test
    void reads_primary_unique_check_exclusion_and_foreign_key_constraints() {
        DatabaseSchema schema = read(database(EVERY_KIND), "public");

        Table users = schema.table("users").orElseThrow();
        assertThat(users.primaryKey()).hasValueSatisfying(pk -> {
            assertThat(pk.name()).isEqualTo("users_pkey");
            assertThat(pk.columns()).containsExactly("id");
            assertThat(pk.definition()).isEqualTo("PRIMARY KEY (id)");
        });
        assertThat(users.constraint("users_email_key").map(Constraint::kind)).contains(Constraint.Kind.UNIQUE);

        Table orders = schema.table("orders").orElseThrow();
        assertThat(orders.foreignKeys()).singleElement().satisfies(fk -> {
            assertThat(fk.name()).isEqualTo("orders_user_id_fkey");
            assertThat(fk.columns()).containsExactly("user_id");
            assertThat(fk.referencedQualifiedName()).isEqualTo("public.users");
            assertThat(fk.referencedColumns()).containsExactly("id");
            assertThat(fk.onDelete()).isEqualTo(ForeignKey.Action.CASCADE);
            assertThat(fk.onUpdate()).isEqualTo(ForeignKey.Action.NO_ACTION);
            assertThat(fk.validated()).isTrue();
            assertThat(fk.definition()).isEqualTo("FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE");
        });
        assertThat(orders.constraint("orders_quantity_check")).hasValueSatisfying(check -> {
            assertThat(check.kind()).isEqualTo(Constraint.Kind.CHECK);
            assertThat(check.columns()).containsExactly("quantity");
            assertThat(check.validated()).isTrue();
        });
        assertThat(orders.constraint("orders_price_check")).hasValueSatisfying(check -> {
            assertThat(check.validated()).isFalse();
            assertThat(check.definition()).contains("NOT VALID");
        });
        assertThat(orders.constraint("orders_no_overlap")).hasValueSatisfying(exclusion -> {
            assertThat(exclusion.kind()).isEqualTo(Constraint.Kind.EXCLUSION);
            assertThat(exclusion.columns()).containsExactly("during");
            assertThat(exclusion.definition()).isEqualTo("EXCLUDE USING gist (during WITH &&)");
        });
        assertThat(orders.constraints()).extracting(Constraint::name)
                .containsExactly("orders_no_overlap", "orders_pkey", "orders_price_check", "orders_quantity_check");
        assertThat(schema.table("event_notes").orElseThrow().foreignKeys())
                .as("one foreign key to a partitioned table, not one per partition")
                .extracting(ForeignKey::name, ForeignKey::referencedTable)
                .containsExactly(tuple("event_notes_event_fkey", "events"));
    }

    @Test
    void reads_partial_expression_and_covering_indexes() {
        DatabaseSchema schema = read(database(EVERY_KIND), "public");

        assertThat(schema.index("users_live_email_idx")).hasValueSatisfying(index -> {
            assertThat(index.table()).isEqualTo("users");
            assertThat(index.unique()).isTrue();
            assertThat(index.primary()).isFalse();
            assertThat(index.columns()).singleElement().asString().startsWith("lower(");
            assertThat(index.predicate()).isEqualTo("(deleted_at IS NULL)");
            assertThat(index.valid()).isTrue();
            assertThat(index.method()).isEqualTo("btree");
            assertThat(index.definition()).startsWith("CREATE UNIQUE INDEX users_live_email_idx ON public.users");
        });
        assertThat(schema.index("orders_user_idx")).hasValueSatisfying(index -> {
            assertThat(index.columns()).containsExactly("user_id");
            assertThat(index.includedColumns()).containsExactly("quantity");
            assertThat(index.predicate()).isNull();
        });
        assertThat(schema.index("users_pkey").map(Index::primary)).contains(true);
        assertThat(schema.index("orders_no_overlap").map(Index::method)).contains("gist");
        assertThat(schema.indexesOn("users")).extracting(Index::name)
                .containsExactly("users_email_key", "users_live_email_idx", "users_pkey");
    }

    @Test
    void marks_the_index_a_failed_concurrent_build_leaves_behind_as_invalid() {
        DataSource ds = database("CREATE TABLE t (v int); INSERT INTO t VALUES (1), (1);");
        assertThatThrownBy(() -> Sql.execute(ds, "CREATE UNIQUE INDEX CONCURRENTLY t_v_key ON t (v)"))
                .hasMessageContaining("t_v_key");

        DatabaseSchema schema = read(ds, "public");

        assertThat(schema.index("t_v_key").map(Index::valid)).contains(false);
        assertThat(schema.render()).contains("index public.t_v_key on t (v) unique using btree invalid: ");
    }

    @Test
    void reads_enum_labels_in_order_domains_and_composite_types() {
        DatabaseSchema schema = read(database(EVERY_KIND), "public");

        assertThat(schema.enumType("mood").orElseThrow().labels()).containsExactly("sad", "ok", "happy");
        assertThat(schema.domain("positive_int")).hasValueSatisfying(domain -> {
            assertThat(domain.baseType()).isEqualTo("integer");
            assertThat(domain.notNull()).isTrue();
            assertThat(domain.defaultExpression()).isEqualTo("1");
            assertThat(domain.checks()).extracting(Constraint::name, Constraint::definition)
                    .containsExactly(tuple("positive_int_check", "CHECK ((VALUE > 0))"));
        });
        assertThat(schema.compositeType("pair").orElseThrow().attributes())
                .containsExactly(new CompositeType.Attribute("a", "integer"), new CompositeType.Attribute("b", "text"));
        assertThat(schema.compositeTypes()).extracting(CompositeType::name).containsExactly("pair");
        assertThat(schema.domains()).extracting(Domain::name).containsExactly("positive_int");
    }

    @Test
    void reads_views_materialized_views_functions_procedures_and_triggers() {
        DatabaseSchema schema = read(database(EVERY_KIND), "public");

        assertThat(schema.view("live_users")).hasValueSatisfying(view -> {
            assertThat(view.materialized()).isFalse();
            assertThat(view.columns()).extracting(Column::name).containsExactly("id", "email");
            assertThat(view.definition()).contains("deleted_at IS NULL");
        });
        assertThat(schema.view("order_totals").map(View::materialized)).contains(true);

        assertThat(schema.routines()).extracting(Routine::name).containsExactly("add", "add", "forget", "noop", "touch");
        assertThat(schema.routines()).extracting(Routine::signature)
                .contains("public.add(a integer, b integer)", "public.add(a text, b text)", "public.touch()");
        assertThat(schema.routine("add", "a text, b text")).hasValueSatisfying(add -> {
            assertThat(add.kind()).isEqualTo(Routine.Kind.FUNCTION);
            assertThat(add.result()).isEqualTo("text");
            assertThat(add.language()).isEqualTo("sql");
            assertThat(add.definition()).startsWith("CREATE OR REPLACE FUNCTION public.add(a text, b text)");
        });
        assertThat(schema.routine("forget")).hasValueSatisfying(forget -> {
            assertThat(forget.kind()).isEqualTo(Routine.Kind.PROCEDURE);
            assertThat(forget.result()).isNull();
        });

        assertThat(schema.trigger("users", "users_touch")).hasValueSatisfying(trigger -> {
            assertThat(trigger.enabled()).isTrue();
            assertThat(trigger.definition()).isEqualTo("CREATE TRIGGER users_touch BEFORE UPDATE ON public.users"
                    + " FOR EACH ROW EXECUTE FUNCTION touch()");
        });
        assertThat(schema.trigger("public.orders", "orders_touch").map(Trigger::firing))
                .contains(Trigger.Firing.DISABLED);
        assertThat(schema.triggers()).as("the partitioned table's trigger, not its copies on partitions")
                .extracting(Trigger::name, Trigger::table).containsExactly(
                        tuple("events_audit", "events"),
                        tuple("orders_touch", "orders"),
                        tuple("users_touch", "users"));
    }

    @Test
    void reads_sequences_with_the_column_that_owns_them() {
        DatabaseSchema schema = read(database(EVERY_KIND), "public");

        assertThat(schema.sequence("orders_id_seq")).hasValueSatisfying(serial -> {
            assertThat(serial.dataType()).isEqualTo("integer");
            assertThat(serial.ownedBy()).isEqualTo("orders.id");
            assertThat(serial.start()).isEqualTo(1);
            assertThat(serial.increment()).isEqualTo(1);
        });
        assertThat(schema.sequence("users_id_seq").map(Sequence::ownedBy)).as("identity").contains("users.id");
        assertThat(schema.sequence("invoice_numbers")).hasValueSatisfying(free -> {
            assertThat(free.ownedBy()).isNull();
            assertThat(free.start()).isEqualTo(1000);
            assertThat(free.increment()).isEqualTo(10);
            assertThat(free.maxValue()).isEqualTo(Integer.MAX_VALUE);
        });
    }

    @Test
    void reads_partitioned_tables_and_their_partitions() {
        DatabaseSchema schema = read(database(EVERY_KIND), "public");

        assertThat(schema.table("events")).hasValueSatisfying(events -> {
            assertThat(events.kind()).isEqualTo(Table.Kind.PARTITIONED_TABLE);
            assertThat(events.partitionKey()).isEqualTo("RANGE (at)");
            assertThat(events.partitionOf()).isNull();
        });
        assertThat(schema.table("events_2024")).hasValueSatisfying(partition -> {
            assertThat(partition.kind()).isEqualTo(Table.Kind.TABLE);
            assertThat(partition.partitionOf()).isEqualTo("public.events");
            assertThat(partition.partitionBound()).isEqualTo("FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
            assertThat(partition.primaryKey().map(Constraint::name)).contains("events_2024_pkey");
        });
    }

    @Test
    void leaves_out_objects_owned_by_extensions_but_lists_the_extension() {
        DatabaseSchema schema = read(database("CREATE EXTENSION citext; CREATE TABLE t (name citext);"), "public");

        assertThat(schema.extension("citext")).hasValueSatisfying(e -> assertThat(e.schema()).isEqualTo("public"));
        assertThat(schema.extension("plpgsql")).isPresent();
        assertThat(schema.routines()).isEmpty();
        assertThat(schema.table("t").flatMap(t -> t.column("name")).map(Column::type)).contains("citext");
    }

    @Test
    void renders_byte_identical_text_for_two_databases_built_by_the_same_ddl() {
        DatabaseSchema first = read(database(EVERY_KIND), "public");
        DatabaseSchema second = read(database(EVERY_KIND), "public");

        assertThat(first.render()).isEqualTo(second.render());
        assertThat(first).isEqualTo(second);
        assertThat(first.differences(second)).isEmpty();
        assertThat(first.render().lines()).first().isEqualTo("-- dev.migrate schema v1; schemas: public");
        assertThat(first.render().lines()).contains(
                "schema public",
                "enum public.mood ('sad', 'ok', 'happy')",
                "table public.users comment 'People who sign in'",
                "  column id bigint not null identity always",
                "  column email character varying(100) not null comment 'Where we write'",
                "  primary key users_pkey (id): PRIMARY KEY (id)",
                "sequence public.invoice_numbers integer start 1000 increment 10 min 1 max 2147483647 cache 1");
        assertThat(first.render()).endsWith("\n").doesNotContain("\n\n");
        assertThat(first.render().lines()).allSatisfy(line -> assertThat(line).doesNotContain("\r"));
    }

    @Test
    void differences_name_a_changed_column_type_a_missing_index_and_an_extra_table() {
        DatabaseSchema expected = read(database("CREATE TABLE users (id int PRIMARY KEY, email text);"
                + " CREATE INDEX users_email_idx ON users (email);"), "public");
        DatabaseSchema actual = read(database("CREATE TABLE users (id int PRIMARY KEY, email varchar(100));"
                + " CREATE TABLE tmp (id int);"), "public");

        assertThat(actual.differences(expected)).containsExactly(
                "unexpected table public.tmp",
                "table public.users: column email: type is character varying(100), expected text",
                "index public.users_email_idx: missing");
        assertThat(expected.differences(actual)).containsExactly(
                "table public.tmp: missing",
                "table public.users: column email: type is text, expected character varying(100)",
                "unexpected index public.users_email_idx");
        assertThat(actual.render()).isNotEqualTo(expected.render());
    }

    @Test
    void differences_name_column_order_nullability_default_and_changed_definitions() {
        DatabaseSchema expected = read(database("CREATE TABLE t (a int NOT NULL, b int DEFAULT 0);"
                + " CREATE VIEW v AS SELECT a FROM t;"), "public");
        DatabaseSchema actual = read(database("CREATE TABLE t (b int, a int);"
                + " CREATE VIEW v AS SELECT a FROM t WHERE a > 1;"), "public");

        assertThat(actual.differences(expected)).containsExactly(
                "table public.t: column a: nullable is true, expected false",
                "table public.t: column b: default is none, expected 0",
                "table public.t: column order is b, a, expected a, b",
                "view public.v: definition is " + actual.view("v").orElseThrow().definition().replace("\n", "\\n")
                        + ", expected " + expected.view("v").orElseThrow().definition().replace("\n", "\\n"));
    }

    @Test
    void leaves_out_the_excluded_history_table_with_its_index_sequence_and_triggers() {
        DataSource ds = database("CREATE TABLE migrate_history (installed_rank integer PRIMARY KEY, id serial);"
                + " CREATE FUNCTION noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;"
                + " CREATE TRIGGER h AFTER INSERT ON migrate_history FOR EACH ROW EXECUTE FUNCTION noop();"
                + " CREATE TABLE kept (id int);");

        DatabaseSchema schema = read(ds, "public");

        assertThat(schema.tables()).extracting(Table::name).containsExactly("kept");
        assertThat(schema.indexes()).isEmpty();
        assertThat(schema.sequences()).isEmpty();
        assertThat(schema.triggers()).isEmpty();
        assertThat(schema.render()).doesNotContain("migrate_history");
    }

    @Test
    void reads_a_second_schema_only_when_asked_and_finds_unqualified_names_in_schema_order() {
        DataSource ds = database("CREATE TABLE users (id int); CREATE SCHEMA \"Billing\";"
                + " CREATE TABLE \"Billing\".users (id bigint); CREATE TABLE \"Billing\".\"Invoices\" (id int);");

        DatabaseSchema onlyPublic = read(ds, "public");
        DatabaseSchema both = read(ds, "public", "Billing", "missing");
        DatabaseSchema billingFirst = read(ds, "Billing", "public");

        assertThat(onlyPublic.schemas()).containsExactly("public");
        assertThat(onlyPublic.tables()).extracting(Table::qualifiedName).containsExactly("public.users");
        assertThat(onlyPublic.table("Invoices")).isEmpty();
        assertThat(both.schemas()).containsExactly("public", "Billing");
        assertThat(both.tables()).extracting(Table::qualifiedName)
                .containsExactly("Billing.Invoices", "Billing.users", "public.users");
        assertThat(both.table("users").map(Table::schema)).contains("public");
        assertThat(both.table("Billing.users").map(Table::schema)).contains("Billing");
        assertThat(both.table("Invoices").map(Table::qualifiedName)).contains("Billing.Invoices");
        assertThat(both.table("invoices")).as("names are case-sensitive").isEmpty();
        assertThat(billingFirst.table("users").flatMap(t -> t.column("id")).map(Column::type)).contains("bigint");
        assertThat(both.differences(onlyPublic)).containsExactly(
                "unexpected schema Billing",
                "unexpected table Billing.Invoices",
                "unexpected table Billing.users");
    }
}
