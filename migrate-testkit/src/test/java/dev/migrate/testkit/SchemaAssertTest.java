package dev.migrate.testkit;

import static dev.migrate.testkit.MigrateAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.schema.DatabaseSchema;
import dev.migrate.schema.ForeignKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SchemaAssertTest {
    @RegisterExtension
    static MigrateExtension db = MigrateExtension.empty().withIsolation(Isolation.PER_CLASS);

    private static DatabaseSchema schema;

    @BeforeAll
    static void create_the_schema(TestDatabase database) {
        database.execute("""
                CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped');
                CREATE TABLE users (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    email varchar(100) NOT NULL,
                    name text,
                    created_at timestamptz NOT NULL DEFAULT now(),
                    deleted_at timestamptz,
                    CONSTRAINT users_email_key UNIQUE (email));
                CREATE TABLE orders (
                    id serial PRIMARY KEY,
                    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                    status order_status NOT NULL DEFAULT 'new',
                    total numeric(10,2) CONSTRAINT orders_total_check CHECK (total >= 0));
                CREATE INDEX orders_user_id_idx ON orders (user_id);
                CREATE UNIQUE INDEX users_name_live_idx ON users (lower(name)) WHERE deleted_at IS NULL;
                CREATE VIEW live_users AS SELECT id, email FROM users WHERE deleted_at IS NULL;
                CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
                CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch();
                CREATE SEQUENCE invoice_numbers;
                """);
        try (var migrator = database.migrator()) {
            schema = migrator.inspect();
        }
    }

    @Test
    void passes_on_what_the_schema_has() {
        assertThat(schema)
                .hasTable("users")
                    .hasPrimaryKey("id")
                    .hasColumn("email").ofType("varchar(100)").notNull().and()
                    .hasColumn("email").ofType("character varying(100)").and()
                    .hasColumn("name").ofType("text").nullable().hasNoDefault().and()
                    .hasColumn("created_at").ofType("timestamptz").hasDefault("now()").and()
                    .hasUniqueConstraint("email")
                    .hasIndex("users_name_live_idx").unique().partial().withPredicate("deleted_at IS NULL").valid().and()
                    .doesNotHaveColumn("password")
                .and()
                .hasTable("public.orders")
                    .hasColumn("status").ofType("order_status").hasDefault("'new'").and()
                    .hasForeignKey("user_id").referencing("users", "id").onDelete(ForeignKey.Action.CASCADE).and()
                    .hasCheckConstraint("orders_total_check")
                    .hasCheckConstraint("total >= ")
                    .hasIndexOn("user_id").notUnique().using("btree")
                .and().and()
                .doesNotHaveTable("invoices")
                .hasView("live_users")
                .hasFunction("touch")
                .hasFunction("touch", "")
                .hasTrigger("orders", "orders_touch")
                .hasEnum("order_status")
                .hasEnum("order_status", "new", "paid", "shipped")
                .hasSequence("invoice_numbers")
                .hasNoDifferencesFrom(schema);
    }

    @Test
    void reads_the_schema_of_a_test_database_or_data_source() {
        assertThat(db.database()).hasTable("users");
        assertThat(db.dataSource()).hasTable("orders");
    }

    @Test
    void names_the_tables_that_exist_when_one_is_missing() {
        assertThatThrownBy(() -> assertThat(schema).hasTable("customers"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting table customers to exist but it does not")
                .hasMessageContaining("tables in public: public.orders, public.users");
        assertThatThrownBy(() -> assertThat(schema).hasTable("live_users"))
                .hasMessageContaining("(public.live_users is a view)");
        assertThatThrownBy(() -> assertThat(schema).doesNotHaveTable("users"))
                .hasMessageContaining("Expecting table public.users not to exist but it does");
    }

    @Test
    void names_column_expected_and_actual_type() {
        assertThatThrownBy(() -> assertThat(schema).hasTable("users").hasColumn("email").ofType("text"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting column public.users.email to have type text but it has character varying(100)");
        assertThatThrownBy(() -> assertThat(schema).hasTable("users").hasColumn("emial"))
                .hasMessageContaining("Expecting table public.users to have column emial but it has columns"
                        + " (id, email, name, created_at, deleted_at)");
        assertThatThrownBy(() -> assertThat(schema).hasTable("users").doesNotHaveColumn("email"))
                .hasMessageContaining("not to have column email but it has it, of type character varying(100)");
    }

    @Test
    void names_nullability_and_default_when_they_differ() {
        assertThatThrownBy(() -> assertThat(schema).hasTable("users").hasColumn("name").notNull())
                .hasMessageContaining("Expecting column public.users.name to be NOT NULL but it is nullable");
        assertThatThrownBy(() -> assertThat(schema).hasTable("users").hasColumn("email").nullable())
                .hasMessageContaining("Expecting column public.users.email to be nullable but it is NOT NULL");
        assertThatThrownBy(() -> assertThat(schema).hasTable("users").hasColumn("name").hasDefault("'x'"))
                .hasMessageContaining("Expecting column public.users.name to have default 'x' but it has no default");
        assertThatThrownBy(() -> assertThat(schema).hasTable("users").hasColumn("created_at").hasNoDefault())
                .hasMessageContaining("to have no default but it has default now()");
    }

    @Test
    void names_the_keys_and_constraints_that_exist() {
        assertThatThrownBy(() -> assertThat(schema).hasTable("users").hasPrimaryKey("email"))
                .hasMessageContaining("Expecting table public.users to have primary key (email) but it has primary key users_pkey (id)");
        assertThatThrownBy(() -> assertThat(schema).hasTable("orders").hasForeignKey("status"))
                .hasMessageContaining("Expecting table public.orders to have a foreign key on (status) but its foreign keys are:")
                .hasMessageContaining("orders_user_id_fkey (user_id) references public.users (id)");
        assertThatThrownBy(() -> assertThat(schema).hasTable("orders").hasForeignKey("user_id").referencing("customers", "id"))
                .hasMessageContaining("Expecting foreign key orders_user_id_fkey of public.orders to reference customers (id)"
                        + " but it references public.users (id)");
        assertThatThrownBy(() -> assertThat(schema).hasTable("orders").hasForeignKey("user_id")
                .onDelete(ForeignKey.Action.RESTRICT))
                .hasMessageContaining("to have ON DELETE RESTRICT but it has ON DELETE CASCADE");
        assertThatThrownBy(() -> assertThat(schema).hasTable("users").hasUniqueConstraint("name"))
                .hasMessageContaining("to have a unique constraint on (name) but its unique constraints are: users_email_key (email)");
        assertThatThrownBy(() -> assertThat(schema).hasTable("orders").hasCheckConstraint("total > 10"))
                .hasMessageContaining("to have a check constraint named or containing total > 10 but its check constraints are:")
                .hasMessageContaining("orders_total_check: CHECK ((total >= (0)::numeric))");
    }

    @Test
    void names_the_indexes_that_exist_and_what_an_index_is() {
        assertThatThrownBy(() -> assertThat(schema).hasTable("users").hasIndex("users_email_idx"))
                .hasMessageContaining("Expecting table public.users to have index users_email_idx but its indexes are:")
                .hasMessageContaining("users_email_key: CREATE UNIQUE INDEX users_email_key ON public.users USING btree (email)");
        assertThatThrownBy(() -> assertThat(schema).hasTable("orders").hasIndexOn("status"))
                .hasMessageContaining("to have an index on (status) but its indexes are:")
                .hasMessageContaining("orders_user_id_idx");
        assertThatThrownBy(() -> assertThat(schema).hasTable("orders").hasIndexOn("user_id").unique())
                .hasMessageContaining("Expecting index public.orders_user_id_idx to be unique but it is not");
        assertThatThrownBy(() -> assertThat(schema).hasTable("orders").hasIndexOn("user_id").partial())
                .hasMessageContaining("to be partial but it is not");
        assertThatThrownBy(() -> assertThat(schema).hasTable("users").hasIndexOn("lower(name)").withPredicate("name IS NULL"))
                .hasMessageContaining("to have predicate name IS NULL but it has (deleted_at IS NULL)");
        assertThatThrownBy(() -> assertThat(schema).hasTable("orders").hasIndexOn("user_id").using("gin"))
                .hasMessageContaining("to use gin but it uses btree");
    }

    @Test
    void names_the_other_objects_that_exist() {
        assertThatThrownBy(() -> assertThat(schema).hasView("dead_users"))
                .hasMessageContaining("Expecting view dead_users to exist but it does not; views: public.live_users");
        assertThatThrownBy(() -> assertThat(schema).hasFunction("untouch"))
                .hasMessageContaining("functions and procedures: public.touch()");
        assertThatThrownBy(() -> assertThat(schema).hasTrigger("orders", "orders_audit"))
                .hasMessageContaining("Expecting trigger orders_audit on orders to exist but it does not; triggers on it: orders_touch");
        assertThatThrownBy(() -> assertThat(schema).hasEnum("user_role"))
                .hasMessageContaining("enums: public.order_status");
        assertThatThrownBy(() -> assertThat(schema).hasEnum("order_status", "new", "shipped", "paid"))
                .hasMessageContaining("to have labels [new, shipped, paid] in this order but it has [new, paid, shipped]");
        assertThatThrownBy(() -> assertThat(schema).hasSequence("order_numbers"))
                .hasMessageContaining("sequences: public.invoice_numbers, public.orders_id_seq, public.users_id_seq");
    }

    @Test
    void lists_differences_from_an_expected_schema() {
        DatabaseSchema empty = new DatabaseSchema(schema.schemas(), schema.extensions(), java.util.List.of(),
                java.util.List.of(), java.util.List.of(), java.util.List.of(), java.util.List.of(), java.util.List.of(),
                java.util.List.of(), java.util.List.of(), java.util.List.of());

        assertThatThrownBy(() -> assertThat(schema).hasNoDifferencesFrom(empty))
                .hasMessageContaining("Expecting the schema to match the expected one but found")
                .hasMessageContaining("unexpected table public.users");
    }

    @Test
    void carries_the_description_to_the_assertions_it_leads_to() {
        assertThatThrownBy(() -> assertThat(schema).as("after V3").hasTable("users").hasColumn("email").ofType("text"))
                .hasMessageStartingWith("[after V3] ");
        assertThat(schema.tables()).hasSize(2);
    }
}
