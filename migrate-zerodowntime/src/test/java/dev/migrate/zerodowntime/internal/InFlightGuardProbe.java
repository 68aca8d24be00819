package dev.migrate.zerodowntime.internal;

import java.util.List;

/** Reaches the guard's statement reading from the tests of the public package. */
public final class InFlightGuardProbe {
    private InFlightGuardProbe() {
    }

    /** The tables of {@code public} whose structure {@code sql} changes. */
    public static List<String> changed(String sql) {
        return InFlightGuard.changedTables(sql, "public", index -> index.equals("orders_pkey") ? "orders" : null);
    }
}
