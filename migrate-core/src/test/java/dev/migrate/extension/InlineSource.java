package dev.migrate.extension;

import dev.migrate.Version;
import dev.migrate.spi.MigrationSource;
import dev.migrate.spi.Script;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tiny migration source, written as a module would write one: migrations held in memory, named
 * like Flyway files ({@code V2__add_note.ops}), and a claim on every file of the locations whose
 * name starts with {@code skip-}, which core's layouts then neither read nor report.
 */
public final class InlineSource implements MigrationSource {
    private final Map<String, String> scripts = new LinkedHashMap<>();

    /** Adds a script named {@code V<version>__<description>.<ext>}. */
    public InlineSource with(String name, String text) {
        scripts.put(name, text);
        return this;
    }

    @Override
    public void read(Found found) {
        for (Script file : found.files()) {
            if (file.fileName().startsWith("skip-")) {
                found.claim(file);
            }
        }
        scripts.forEach((name, text) -> {
            int separator = name.indexOf("__");
            Version version = Version.parse(name.substring(1, separator));
            String description = name.substring(separator + 2, name.lastIndexOf('.')).replace('_', ' ');
            found.add(Migration.versioned(version, description,
                    Script.file("inline", name, text.getBytes(StandardCharsets.UTF_8)), null));
        });
    }
}
