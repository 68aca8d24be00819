package dev.migrate.testkit.internal;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/** How messages show lists of names and columns. */
final class Lists {
    private Lists() {
    }

    /** {@code a, b, c}, or {@code none}. */
    static <T> String names(List<T> items, Function<T, String> name) {
        return items.isEmpty() ? "none" : items.stream().map(name).collect(Collectors.joining(", "));
    }

    /** {@code (a, b)}. */
    static String columns(List<String> columns) {
        return "(" + String.join(", ", columns) + ")";
    }

    /** One item per line, each starting with {@code "\n  - "}, or {@code " none"}. */
    static <T> String bullets(List<T> items, Function<T, String> line) {
        return items.isEmpty() ? " none" : items.stream().map(i -> "\n  - " + line.apply(i)).collect(Collectors.joining());
    }
}
