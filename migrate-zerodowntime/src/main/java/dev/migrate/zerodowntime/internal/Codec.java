package dev.migrate.zerodowntime.internal;

import dev.migrate.zerodowntime.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Operations as JSON, the form they are kept in the state table (what rollback and complete
 * undo or finish, whatever the code says by then): a list of one-key objects naming the operation,
 * {@code [{"rename_column": {"table": "users", "column": "name", "to": "full_name"}}]}, fields in
 * snake_case, nulls left out.
 */
public final class Codec {
    private static final Map<String, Class<? extends Operation>> KINDS = kinds();
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Codec() {
    }

    private static Map<String, Class<? extends Operation>> kinds() {
        Map<String, Class<? extends Operation>> kinds = new java.util.LinkedHashMap<>();
        for (Class<?> c : Operation.class.getPermittedSubclasses()) {
            kinds.put(kind(c), c.asSubclass(Operation.class));
        }
        return Map.copyOf(kinds);
    }

    /** The name of an operation's kind: {@code rename_column} for {@link Operation.RenameColumn}. */
    static String kind(Class<?> type) {
        return type.getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** The operations as JSON. */
    public static String write(List<Operation> operations) {
        ArrayNode all = MAPPER.createArrayNode();
        for (Operation op : operations) {
            ObjectNode one = MAPPER.createObjectNode();
            one.set(kind(op.getClass()), withoutNulls(MAPPER.valueToTree(op)));
            all.add(one);
        }
        return MAPPER.writeValueAsString(all);
    }

    private static JsonNode withoutNulls(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> empty = new ArrayList<>();
            for (String name : object.propertyNames()) {
                JsonNode value = object.get(name);
                if (value.isNull()) {
                    empty.add(name);
                } else {
                    withoutNulls(value);
                }
            }
            object.remove(empty);
        } else if (node instanceof ArrayNode array) {
            array.forEach(Codec::withoutNulls);
        }
        return node;
    }

    /**
     * Reads operations written by {@link #write}, or by a person in a migration file.
     *
     * @throws IllegalArgumentException naming the operation (by its position) and what is wrong with it
     */
    public static List<Operation> read(String json) {
        JsonNode all;
        try {
            all = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        return read(all);
    }

    /** Like {@link #read(String)}, from a tree already parsed (from YAML, say). */
    static List<Operation> read(JsonNode all) {
        if (!all.isArray()) {
            throw new IllegalArgumentException("operations must be a list; got " + all.getNodeType());
        }
        List<Operation> ops = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            JsonNode one = all.get(i);
            if (!one.isObject() || one.size() != 1) {
                throw new IllegalArgumentException("operation " + (i + 1) + " must be an object with one key, its kind (one of "
                        + String.join(", ", KINDS.keySet().stream().sorted().toList()) + ")");
            }
            String kind = one.propertyNames().iterator().next();
            Class<? extends Operation> type = KINDS.get(kind);
            if (type == null) {
                throw new IllegalArgumentException("operation " + (i + 1) + " has the unknown kind '" + kind + "'; known: "
                        + String.join(", ", KINDS.keySet().stream().sorted().toList()));
            }
            try {
                ops.add(MAPPER.treeToValue(one.get(kind), type));
            } catch (JacksonException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new IllegalArgumentException("operation " + (i + 1) + " (" + kind + "): " + (cause instanceof NullPointerException
                        ? cause.getMessage() + " is missing" : e.getOriginalMessage()));
            }
        }
        return List.copyOf(ops);
    }
}
