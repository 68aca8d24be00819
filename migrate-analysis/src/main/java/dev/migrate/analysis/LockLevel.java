package dev.migrate.analysis;

/**
 * PostgreSQL's table-level lock modes, weakest first, with the conflict table of the
 * documentation ("Explicit Locking", table 13.2). {@link #NONE} is a statement that locks no
 * existing table (creating a new one, setting a parameter).
 */
public enum LockLevel {
    NONE("none"),
    ACCESS_SHARE("AccessShareLock"),
    ROW_SHARE("RowShareLock"),
    ROW_EXCLUSIVE("RowExclusiveLock"),
    SHARE_UPDATE_EXCLUSIVE("ShareUpdateExclusiveLock"),
    SHARE("ShareLock"),
    SHARE_ROW_EXCLUSIVE("ShareRowExclusiveLock"),
    EXCLUSIVE("ExclusiveLock"),
    ACCESS_EXCLUSIVE("AccessExclusiveLock");

    private final String mode;

    LockLevel(String mode) {
        this.mode = mode;
    }

    /** The name {@code pg_locks.mode} shows, e.g. {@code AccessExclusiveLock}. */
    public String mode() {
        return mode;
    }

    /** The level for a {@code pg_locks.mode} value. */
    public static LockLevel ofMode(String mode) {
        for (LockLevel level : values()) {
            if (level.mode.equals(mode)) {
                return level;
            }
        }
        throw new IllegalArgumentException("Not a table lock mode: " + mode);
    }

    /** Whether a session holding this lock makes a session asking for {@code other} wait (symmetric). */
    public boolean conflictsWith(LockLevel other) {
        if (this == NONE || other == NONE) {
            return false;
        }
        int a = ordinal();
        int b = other.ordinal();
        return CONFLICTS[a][b];
    }

    /** Whether plain {@code SELECT}s (ACCESS SHARE) wait while this lock is held. */
    public boolean blocksReads() {
        return conflictsWith(ACCESS_SHARE);
    }

    /** Whether {@code INSERT}, {@code UPDATE} and {@code DELETE} (ROW EXCLUSIVE) wait while this lock is held. */
    public boolean blocksWrites() {
        return conflictsWith(ROW_EXCLUSIVE);
    }

    /** The stronger of two levels. */
    public LockLevel max(LockLevel other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    private static final boolean[][] CONFLICTS = conflicts();

    private static boolean[][] conflicts() {
        // Rows and columns in declaration order, NONE first; from the PostgreSQL documentation.
        String[] table = {
            "000000000", // NONE
            "000000001", // ACCESS SHARE: conflicts with ACCESS EXCLUSIVE
            "000000011", // ROW SHARE: EXCLUSIVE, ACCESS EXCLUSIVE
            "000001111", // ROW EXCLUSIVE: SHARE and stronger
            "000011111", // SHARE UPDATE EXCLUSIVE: itself and stronger
            "000110111", // SHARE: ROW EXCLUSIVE, SHARE UPDATE EXCLUSIVE, SHARE ROW EXCLUSIVE and stronger (not SHARE)
            "000111111", // SHARE ROW EXCLUSIVE: ROW EXCLUSIVE and stronger
            "001111111", // EXCLUSIVE: ROW SHARE and stronger
            "011111111", // ACCESS EXCLUSIVE: everything
        };
        boolean[][] m = new boolean[table.length][table.length];
        for (int i = 0; i < table.length; i++) {
            for (int j = 0; j < table.length; j++) {
                m[i][j] = table[i].charAt(j) == '1';
            }
        }
        return m;
    }
}
