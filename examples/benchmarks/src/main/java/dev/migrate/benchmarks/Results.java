package dev.migrate.benchmarks;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Everything one benchmark run measured, keyed by set size and contender id. */
public final class Results {
    /**
     * One cell of a table.
     *
     * @param size       migrations in the set
     * @param contender  the contender's id
     */
    public record Key(int size, String contender) {
    }

    /**
     * The cold no-op measurement of one contender.
     *
     * @param inChild time from the child's {@code main} to the end of its migrate call; null for the bare JVM
     * @param wall    the child's whole life, measured by the parent
     */
    public record Cold(Samples inChild, Samples wall) {
    }

    private final Map<Key, Samples> apply = new HashMap<>();
    private final Map<Key, Samples> noop = new HashMap<>();
    private final Map<Key, Long> statements = new HashMap<>();
    private final Map<String, Cold> cold = new LinkedHashMap<>();

    void apply(int size, String contender, Samples samples) {
        apply.put(new Key(size, contender), samples);
    }

    void noop(int size, String contender, Samples samples) {
        noop.put(new Key(size, contender), samples);
    }

    void statements(int size, String contender, long count) {
        statements.put(new Key(size, contender), count);
    }

    void cold(String contender, Cold result) {
        cold.put(contender, result);
    }

    /** Apply-from-empty timings. */
    public Optional<Samples> apply(int size, String contender) {
        return Optional.ofNullable(apply.get(new Key(size, contender)));
    }

    /** Warm no-op timings. */
    public Optional<Samples> noop(int size, String contender) {
        return Optional.ofNullable(noop.get(new Key(size, contender)));
    }

    /** Server-side statements during one apply-from-empty. */
    public Optional<Long> statements(int size, String contender) {
        return Optional.ofNullable(statements.get(new Key(size, contender)));
    }

    /** Cold no-op results, by contender id ({@link ColdStart#NONE} for the bare JVM), in measurement order. */
    public Map<String, Cold> cold() {
        return Collections.unmodifiableMap(cold);
    }

    /** Whether any statement count was recorded. */
    public boolean hasStatements() {
        return !statements.isEmpty();
    }
}
