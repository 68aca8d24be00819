package dev.migrate.examples.library;

import static dev.migrate.testkit.MigrateAssertions.assertThat;

import dev.migrate.schema.ForeignKey;
import dev.migrate.testkit.DatabaseProvider;
import dev.migrate.testkit.Isolation;
import dev.migrate.testkit.MigrateExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the migrations leave behind, object by object, and as a whole against a reviewed snapshot.
 * The tests only read, so the class shares one database.
 */
class SchemaTest {
    /** The snapshot's text depends on the PostgreSQL major version, so it names the server it was taken on. */
    @RegisterExtension
    static MigrateExtension db = MigrateExtension.migrations("classpath:db/migration")
            .withProvider(DatabaseProvider.embedded())
            .withIsolation(Isolation.PER_CLASS);

    @Test
    void members_have_their_names_in_parts() {
        assertThat(db.database())
                .hasTable("members")
                .hasPrimaryKey("id")
                .hasUniqueConstraint("email")
                .doesNotHaveColumn("full_name")
                .hasColumn("first_name").ofType("text").notNull().and()
                .hasColumn("joined_at").ofType("timestamp with time zone").hasDefault("now()");
    }

    @Test
    void a_book_is_out_at_most_once() {
        assertThat(db.database())
                .hasTable("loans")
                .hasForeignKey("member_id").referencing("members", "id").onDelete(ForeignKey.Action.CASCADE).and()
                .hasForeignKey("book_id").referencing("books", "id").onDelete(ForeignKey.Action.NO_ACTION).and()
                .hasCheckConstraint("loans_due_after_borrowed")
                .hasIndex("loans_one_open_per_book").unique().withPredicate("returned_at IS NULL").valid().and()
                .hasIndexOn("member_id").notUnique();
    }

    @Test
    void books_have_a_format_and_an_author_index_built_concurrently() {
        assertThat(db.database())
                .hasEnum("book_format", "paper", "ebook", "audio")
                .hasTable("books")
                .hasColumn("format").ofType("book_format").hasDefault("'paper'::book_format").and()
                .hasCheckConstraint("books_isbn_13_digits")
                .hasIndex("books_author_idx").valid().using("btree");
    }

    @Test
    void overdue_loans_are_a_view_and_loans_keep_their_update_time() {
        assertThat(db.database())
                .hasView("overdue_loans")
                .hasFunction("loans_touch")
                .hasTrigger("loans", "loans_touch");
    }

    /**
     * Everything at once. After a deliberate schema change, refresh the file with
     * {@code -Dmigrate.snapshots.update=true} and review its diff.
     */
    @Test
    void matches_the_reviewed_snapshot() {
        assertThat(db.database()).matchesSnapshot(Path.of("src/test/resources/schema.snapshot"));
    }
}
