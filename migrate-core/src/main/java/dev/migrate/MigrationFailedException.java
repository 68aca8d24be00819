package dev.migrate;

/**
 * A migration statement failed on the server. The message names the script, the line, an excerpt
 * of the statement and the server's own message; {@link #sqlState()} is the server's SQLSTATE.
 * A transactional migration was rolled back and left no trace; a non-transactional one is recorded
 * as failed in the history, with how many of its statements completed.
 */
public final class MigrationFailedException extends MigrationException {
    private static final long serialVersionUID = 1L;

    private final String script;
    private final int line;
    private final String sqlState;

    public MigrationFailedException(ErrorCode code, String script, int line, String sqlState, String message,
                                    Throwable cause) {
        super(code, message, cause);
        this.script = script;
        this.line = line;
        this.sqlState = sqlState;
    }

    /** The failing script, relative to its location. */
    public String script() {
        return script;
    }

    /** The 1-based line of the failing statement (or of the error position inside it). */
    public int line() {
        return line;
    }

    /** The server's SQLSTATE, or null when the failure did not come from the server. */
    public String sqlState() {
        return sqlState;
    }
}
