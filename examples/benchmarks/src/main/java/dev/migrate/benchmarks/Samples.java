package dev.migrate.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * Measured durations, in nanoseconds.
 *
 * @param nanos one entry per measured run
 */
public record Samples(List<Long> nanos) {
    public Samples {
        if (nanos.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        nanos = List.copyOf(nanos);
    }

    /** The median, in milliseconds (the mean of the two middle values for an even count). */
    public double medianMillis() {
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(null);
        int mid = sorted.size() / 2;
        double median = sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2.0;
        return median / 1_000_000.0;
    }

    /** The fastest run, in milliseconds. */
    public double minMillis() {
        long min = Long.MAX_VALUE;
        for (long n : nanos) {
            min = Math.min(min, n);
        }
        return min / 1_000_000.0;
    }

    /**
     * The median of the run-by-run ratios {@code this[i] / other[i]}, for samples taken in pairs
     * (run i of both back to back, on the same machine state). A slow moment of the machine then
     * cancels out within its pair instead of moving one tool's median and not the other's.
     */
    public double pairedRatio(Samples other) {
        if (other.count() != count()) {
            throw new IllegalArgumentException("paired samples need equal counts: " + count() + " vs " + other.count());
        }
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < count(); i++) {
            ratios.add((double) nanos.get(i) / other.nanos.get(i));
        }
        ratios.sort(null);
        int mid = ratios.size() / 2;
        return ratios.size() % 2 == 1 ? ratios.get(mid) : (ratios.get(mid - 1) + ratios.get(mid)) / 2;
    }

    /** How many runs were measured. */
    public int count() {
        return nanos.size();
    }
}
