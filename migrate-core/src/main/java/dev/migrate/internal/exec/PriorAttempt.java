package dev.migrate.internal.exec;

/**
 * Where a migration starts, and what an earlier failed or interrupted attempt of it may have left:
 * an INVALID index, built by the statement it stopped at, which this attempt drops before building
 * it again when the history proves the earlier attempt made it.
 *
 * @param resumeAt      the first statement to run: 0, or later when resuming
 * @param stoppedAt     the statement the earlier attempt stopped at, or -1 when there was none
 * @param indexesBefore the indexes that statement's table had before it started (the history's
 *                      {@code indexes_before}), or null
 * @param resumed       whether {@code resolve().resume(...)} asked this attempt to continue the earlier one
 */
public record PriorAttempt(int resumeAt, int stoppedAt, String indexesBefore, boolean resumed) {
    /** A first attempt from the start. */
    public static final PriorAttempt NONE = new PriorAttempt(0, -1, null, false);
}
