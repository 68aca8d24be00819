package dev.migrate.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.assertj.core.util.diff.Delta;
import org.assertj.core.util.diff.DiffUtils;

/** Schema snapshot files: compares a rendered schema with one, writes or refreshes one. */
public final class Snapshots {
    /** The system property that, set to {@code true}, makes snapshot assertions write instead of compare. */
    public static final String UPDATE_PROPERTY = "migrate.snapshots.update";
    private static final int MAX_DIFF_LINES = 60;

    private Snapshots() {
    }

    /**
     * Compares {@code rendered} with the file, or writes it there when updating is asked for or the
     * file does not exist.
     *
     * @return the failure message, or empty when the snapshot matches or was refreshed on request
     */
    public static Optional<String> check(Path file, String rendered) {
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            write(file, rendered);
            return Optional.empty();
        }
        if (!Files.exists(file)) {
            write(file, rendered);
            return Optional.of("Expecting the schema to match snapshot " + file + " but that file did not exist: it has"
                    + " now been written with the current schema. Review it and commit it; the next run compares"
                    + " against it.");
        }
        String stored = read(file);
        if (stored.equals(rendered)) {
            return Optional.empty();
        }
        List<String> diff = diff(stored.lines().toList(), rendered.lines().toList());
        StringBuilder text = new StringBuilder("Expecting the schema to match snapshot " + file + " but "
                + diff.stream().filter(l -> !l.startsWith("  ")).count() + " lines differ (- snapshot, + actual):");
        diff.stream().limit(MAX_DIFF_LINES).forEach(line -> text.append("\n").append(line));
        if (diff.size() > MAX_DIFF_LINES) {
            text.append("\n... ").append(diff.size() - MAX_DIFF_LINES).append(" more");
        }
        text.append("\nIf the change is intended, run the test with -D" + UPDATE_PROPERTY + "=true to rewrite the"
                + " snapshot, then review and commit it.");
        return Optional.of(text.toString());
    }

    /**
     * The lines that differ, {@code - line} only in the snapshot and {@code + line} only in the
     * actual schema, in order (AssertJ's Myers diff). An indented line comes after the unindented
     * line it belongs to, for context: a column after its table.
     */
    static List<String> diff(List<String> expected, List<String> actual) {
        List<String> out = new ArrayList<>();
        String shown = null;
        for (Delta<String> delta : DiffUtils.diff(expected, actual).getDeltas()) {
            String owner = owner(expected, delta.getOriginal().getPosition());
            List<String> edits = new ArrayList<>();
            delta.getOriginal().getLines().forEach(line -> edits.add("- " + line));
            delta.getRevised().getLines().forEach(line -> edits.add("+ " + line));
            for (String edit : edits) {
                if (!edit.startsWith(" ", 2)) {
                    owner = null; // an unindented line shows itself; the indented ones after it belong to it
                } else if (owner != null && !owner.equals(shown)) {
                    out.add("  " + owner);
                    shown = owner;
                }
                out.add(edit);
            }
        }
        return out;
    }

    /** The nearest unindented line above {@code position}, or null. */
    private static String owner(List<String> lines, int position) {
        for (int i = position - 1; i >= 0; i--) {
            if (!lines.get(i).startsWith(" ")) {
                return lines.get(i);
            }
        }
        return null;
    }

    private static String read(Path file) {
        try {
            // A checkout with Windows line ends must still match.
            return Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read schema snapshot " + file + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, String rendered) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, rendered, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write schema snapshot " + file + ": " + e.getMessage(), e);
        }
    }
}
