package dev.migrate.testkit.internal;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Names of the databases the testkit creates: {@code migrate_tpl_<pid>_<jvm>_<n>} and
 * {@code migrate_test_<pid>_<jvm>_<n>}. The process id tells a person whose they are; the random
 * part keeps two machines sharing one external server apart.
 */
public final class DatabaseNames {
    private static final String JVM = ProcessHandle.current().pid() + "_"
            + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    private static final AtomicLong COUNTER = new AtomicLong();

    private DatabaseNames() {
    }

    public static String template() {
        return "migrate_tpl_" + JVM + "_" + COUNTER.incrementAndGet();
    }

    public static String test() {
        return "migrate_test_" + JVM + "_" + COUNTER.incrementAndGet();
    }
}
