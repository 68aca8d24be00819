package dev.migrate;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The root of every exception this library throws. Unchecked; {@link #code()} says what kind of
 * failure it is, the message says what happened, where, and what to do next.
 */
public class MigrationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private transient List<MigrateResult.Applied> completed = List.of();
    private transient List<String> notices = List.of();
    private boolean reverted;

    public MigrationException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public MigrationException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The kind of failure; never null. */
    public ErrorCode code() {
        return code;
    }

    /**
     * What the failing call had done before this failure: the migrations {@code migrate()} applied
     * (or {@code rollback()} reverted), in order. They stay so: a later migration's failure does not
     * undo an earlier one. Empty when the call changed nothing before it failed.
     */
    public List<MigrateResult.Applied> completed() {
        return completed == null ? List.of() : completed;
    }

    /**
     * Records what the failing call had done before this failure, for {@link #completed()} and the
     * message. The engine calls it once, before the exception reaches the caller.
     *
     * @param reverted true when the call was a rollback
     * @return this exception
     */
    public MigrationException completedBefore(List<MigrateResult.Applied> done, boolean reverted) {
        return completedBefore(done, reverted, List.of());
    }

    /**
     * Like {@link #completedBefore(List, boolean)}, with what those migrations said needs doing next
     * ({@link MigrateResult#notices()}), which would otherwise be lost with the result.
     */
    public MigrationException completedBefore(List<MigrateResult.Applied> done, boolean reverted, List<String> notices) {
        this.completed = List.copyOf(done);
        this.reverted = reverted;
        this.notices = List.copyOf(notices);
        return this;
    }

    /** What the migrations in {@link #completed()} said needs doing next; empty when they said nothing. */
    public List<String> notices() {
        return notices == null ? List.of() : notices;
    }

    /** The message, followed by what the call had done before the failure, when it had done anything. */
    @Override
    public String getMessage() {
        List<MigrateResult.Applied> done = completed();
        if (done.isEmpty()) {
            return super.getMessage();
        }
        String verb = reverted ? "reverted" : "applied";
        return super.getMessage() + "\n  Before this failure the same call " + verb + " " + done.size() + " migration(s), which stay "
                + verb + ": " + done.stream().map(MigrateResult.Applied::script).collect(Collectors.joining(", ")) + "."
                + notices().stream().map(n -> "\n  Next: " + n).collect(Collectors.joining());
    }
}
