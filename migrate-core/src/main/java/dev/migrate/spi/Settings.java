package dev.migrate.spi;

import dev.migrate.Location;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an extension reads of the run's configuration: where migrations come from, the managed
 * schemas, the placeholders, and its own options. The migrator's configuration record implements
 * it; a module needs nothing else of it.
 */
public interface Settings {

    /** Where migrations are read from, in order. */
    List<Location> locations();

    /** The managed schemas, at least one; the first holds the history table. */
    List<String> schemas();

    /** The history table's name inside the first schema. */
    String historyTable();

    /** Values for {@code ${name}} in scripts. */
    Map<String, String> placeholders();

    /**
     * A module's own options, as given to {@code MigratorBuilder.options(...)}; empty when none were
     * given, so that the module uses its defaults.
     */
    <T> Optional<T> options(Class<T> type);
}
