package dev.migrate;

/**
 * Another runner held the migration lock for longer than {@code lockWait}. The message names the
 * holder's backend (pid, user, application, client, since when) as {@code pg_stat_activity} shows it.
 */
public final class LockUnavailableException extends MigrationException {
    private static final long serialVersionUID = 1L;

    public LockUnavailableException(String message) {
        super(ErrorCode.LOCK_UNAVAILABLE, message);
    }
}
