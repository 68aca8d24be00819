package dev.migrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PerClassIsolationTest {
    @RegisterExtension
    static MigrateExtension db = MigrateExtension.migrations("classpath:db/migration").withIsolation(Isolation.PER_CLASS);

    private static String classDatabase;

    @BeforeAll
    static void seeds_the_class_database(TestDatabase database) {
        database.execute("INSERT INTO customers (email, name) VALUES ('grace@example.com', 'Grace')");
        classDatabase = database.name();
    }

    @Test
    @Order(1)
    void sees_what_before_all_wrote() {
        assertThat(db.database().name()).isEqualTo(classDatabase);
        assertThat(db.database().queryForObject("SELECT count(*) FROM customers", Long.class)).isEqualTo(1L);
        db.database().execute("INSERT INTO customers (email, name) VALUES ('ada@example.com', 'Ada')");
    }

    @Test
    @Order(2)
    void keeps_one_database_for_every_method_of_the_class(TestDatabase database) {
        assertThat(database.name()).isEqualTo(classDatabase);
        assertThat(database.queryForList("SELECT name FROM customers ORDER BY name"))
                .extracting(row -> row.get("name"))
                .containsExactly("Ada", "Grace");
    }
}
