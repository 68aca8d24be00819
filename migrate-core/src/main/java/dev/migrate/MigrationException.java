package dev.migrate;

import java.util.Objects;

/**
 * The root of every exception this library throws. Unchecked; {@link #code()} says what kind of
 * failure it is, the message says what happened, where, and what to do next.
 */
public class MigrationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

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
}
