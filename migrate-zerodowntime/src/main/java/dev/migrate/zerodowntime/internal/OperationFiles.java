package dev.migrate.zerodowntime.internal;

import dev.migrate.ErrorCode;
import dev.migrate.InvalidMigrationException;
import dev.migrate.MigrationKind;
import dev.migrate.ValidationProblem;
import dev.migrate.Version;
import dev.migrate.spi.MigrationSource;
import dev.migrate.spi.Script;
import dev.migrate.zerodowntime.ExpandContract;
import dev.migrate.zerodowntime.ZeroDowntimeOptions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Expand-contract migrations written as files next to the SQL ones: {@code V5__rename_users.yaml}
 * (or {@code .yml}, {@code .json}), holding a list of operations, or an object whose
 * {@code operations} is that list:
 *
 * <pre>
 * operations:
 *   - rename_column: {table: users, column: name, to: full_name}
 *   - change_type: {table: orders, column: amount, type: bigint, up: "amount::bigint", down: "amount::int"}
 * </pre>
 *
 * A SQL file marked {@code -- migrate:strategy expand-contract} ({@code V5__widen.sql}) is taken too:
 * its statements are run as the matching operations ({@link SqlMapping}). Under the policy
 * {@link ZeroDowntimeOptions#expandContractFrom()}, unmarked SQL migrations without a down script are
 * taken as well, with the checksum core gives them; the runner judges each when it is pending.
 *
 * <p>Each operation is an object with one key, its kind in snake_case ({@code add_column},
 * {@code set_not_null}...), whose fields are those of the {@link dev.migrate.zerodowntime.Operation}
 * record in snake_case. A file that cannot be read is a problem naming it and the line; the run is
 * refused. Found through {@link java.util.ServiceLoader}.
 */
public final class OperationFiles implements MigrationSource {
    private static final Pattern NAME = Pattern.compile("V([0-9]+(?:[._][0-9]+)*)__(.+)\\.(json|yaml|yml|sql)");
    private static final Pattern DOWN = Pattern.compile("U([0-9]+(?:[._][0-9]+)*)__.+\\.sql");
    private static final byte[] STRATEGY = "migrate:strategy expand-contract".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    @Override
    public void read(Found found) {
        boolean policy = found.settings().options(ZeroDowntimeOptions.class).map(o -> o.expandContractFrom() != null).orElse(false);
        Set<Version> undone = policy ? downScripts(found.files()) : Set.of();
        for (Script file : found.files()) {
            Matcher m = NAME.matcher(file.fileName());
            if (!m.matches()) {
                continue;
            }
            Version version = Version.parse(m.group(1).replace('_', '.'));
            boolean sql = m.group(3).equals("sql");
            boolean marked = sql && contains(file.content(), STRATEGY);
            // Under the policy an unmarked SQL migration is the runner's to judge when it is pending (and its down
            // script rolls back what it started); one with a down script of its own stays core's, which runs that.
            if (sql && !marked && !(policy && !undone.contains(version))) {
                continue;
            }
            String description = m.group(2).replace('_', ' ');
            found.claim(file);
            try {
                Object payload = sql ? new ExpandContractRunner.FromSql(version, description)
                        : new ExpandContract(version, description, Codec.read(operations(file, m.group(3))));
                String dir = file.path().substring(0, file.path().length() - file.fileName().length());
                found.add(new Migration(MigrationKind.VERSIONED, version, description,
                        new Script(file.location(), file.path(), file.content(), payload),
                        new Script(file.location(), dir + "U" + file.fileName().substring(1), file.content(),
                                new ExpandContractRunner.Undo(version)), null, false));
            } catch (Unreadable e) {
                found.problem(new ValidationProblem(ErrorCode.OPERATIONS_UNREADABLE, file.path(), e.line, e.getMessage(),
                        "Write the operations as a list of one-key objects, e.g. - rename_column: {table: users, column: name,"
                                + " to: full_name}; see dev.migrate.zerodowntime.Operation for each kind's fields"));
            } catch (IllegalArgumentException e) {
                found.problem(new ValidationProblem(ErrorCode.OPERATIONS_UNREADABLE, file.path(), 0, e.getMessage(),
                        "Fix that operation; see dev.migrate.zerodowntime.Operation for each kind's fields"));
            } catch (InvalidMigrationException e) {
                found.problem(e.problem());
            }
        }
    }

    /** The versions that have a {@code U} file. */
    private static Set<Version> downScripts(List<Script> files) {
        Set<Version> versions = new HashSet<>();
        for (Script file : files) {
            Matcher m = DOWN.matcher(file.fileName());
            if (m.matches()) {
                versions.add(Version.parse(m.group(1).replace('_', '.')));
            }
        }
        return versions;
    }

    private static boolean contains(byte[] content, byte[] wanted) {
        outer:
        for (int i = 0; i + wanted.length <= content.length; i++) {
            for (int j = 0; j < wanted.length; j++) {
                if (content[i + j] != wanted[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static JsonNode operations(Script file, String extension) throws Unreadable {
        JsonNode tree;
        try {
            tree = (extension.equals("json") ? JSON : YAML).readTree(file.text());
        } catch (JacksonException e) {
            throw new Unreadable("not " + (extension.equals("json") ? "JSON" : "YAML") + ": " + e.getOriginalMessage(),
                    e.getLocation() == null ? 0 : e.getLocation().getLineNr());
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new Unreadable("the file is empty", 0);
        }
        if (tree.isObject()) {
            if (!tree.has("operations") || tree.size() != 1) {
                throw new Unreadable("expected a list of operations, or an object with only 'operations'; found the keys "
                        + tree.propertyNames(), 1);
            }
            return tree.get("operations");
        }
        return tree;
    }

    private static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;
        private final int line;

        Unreadable(String message, int line) {
            super(message, null, false, false);
            this.line = line;
        }
    }
}
