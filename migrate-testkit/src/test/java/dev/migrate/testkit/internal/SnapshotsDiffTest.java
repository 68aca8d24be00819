package dev.migrate.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotsDiffTest {
    private static final List<String> BEFORE = List.of("table public.a", "  column id bigint", "  column name text",
            "table public.b", "  column id bigint", "view public.v");

    @Test
    void a_changed_column_comes_under_its_table() {
        List<String> after = new ArrayList<>(BEFORE);
        after.set(4, "  column id integer");

        assertThat(Snapshots.diff(BEFORE, after)).containsExactly("  table public.b", "-   column id bigint", "+   column id integer");
    }

    @Test
    void a_new_table_shows_itself_and_its_columns_without_extra_context() {
        List<String> after = new ArrayList<>(BEFORE);
        after.addAll(3, List.of("table public.ab", "  column id bigint"));

        assertThat(Snapshots.diff(BEFORE, after)).containsExactly("+ table public.ab", "+   column id bigint");
    }

    @Test
    void the_table_is_named_once_for_several_changes_in_it_and_removed_lines_are_marked() {
        List<String> after = List.of("table public.a", "  column id bigint", "  column email text", "table public.b",
                "  column id bigint");

        assertThat(Snapshots.diff(BEFORE, after)).containsExactly("  table public.a", "-   column name text", "+   column email text",
                "- view public.v");
    }

    @Test
    void long_texts_are_aligned_too() {
        List<String> before = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            before.add("table public.t" + i);
            before.add("  column id bigint");
        }
        List<String> after = new ArrayList<>(before);
        after.set(7001, "  column id uuid");

        assertThat(Snapshots.diff(before, after)).containsExactly("  table public.t3500", "-   column id bigint", "+   column id uuid");
    }
}
