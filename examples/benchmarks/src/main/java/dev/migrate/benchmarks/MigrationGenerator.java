package dev.migrate.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Writes a deterministic set of realistic PostgreSQL migrations: tables with a primary key and a
 * foreign key to an earlier table, indexes, added columns with defaults, seed rows, views, and
 * plpgsql trigger functions with a {@code $$} body. Each file holds 2 to 6 statements.
 *
 * <p>Statements in a file are separated by one blank line and never contain a blank line
 * themselves, so the raw JDBC contender can split a file without a SQL parser.
 */
public final class MigrationGenerator {
    /** Separates statements inside a generated file. */
    public static final String STATEMENT_SEPARATOR = "\n\n";
    /** The Liquibase master changelog's file name, next to the SQL files. */
    public static final String LIQUIBASE_CHANGELOG = "liquibase-changelog.xml";

    private static final String[] NOUNS = {
        "account", "customer", "invoice", "payment", "product", "shipment", "warehouse", "supplier",
        "employee", "ticket", "review", "coupon", "address", "session", "audit_entry", "subscription",
    };
    private static final String[] STATUSES = {"new", "active", "paid", "closed", "archived"};

    private final Random random;
    private final List<TableModel> tables = new ArrayList<>();
    private int statements;
    private int views;
    private int triggers;

    private MigrationGenerator(long seed) {
        this.random = new Random(seed);
    }

    /** Generates {@code count} migrations into a new directory under {@code parent}; the same seed gives the same files. */
    public static MigrationSet generate(Path parent, int count, long seed) throws IOException {
        return new MigrationGenerator(seed).write(Files.createDirectories(parent.resolve("set-" + count)), count);
    }

    private MigrationSet write(Path directory, int count) throws IOException {
        List<Path> files = new ArrayList<>();
        for (int version = 1; version <= count; version++) {
            Migration migration = migration(version);
            Path file = directory.resolve("V" + version + "__" + migration.description() + ".sql");
            String text = "-- Generated benchmark migration " + version + "\n"
                    + String.join(STATEMENT_SEPARATOR, migration.statements()) + "\n";
            Files.writeString(file, text, StandardCharsets.UTF_8);
            files.add(file);
            statements += migration.statements().size();
        }
        Files.writeString(directory.resolve(LIQUIBASE_CHANGELOG), liquibaseChangelog(files), StandardCharsets.UTF_8);
        return new MigrationSet(directory, files, statements, tables.size(), views, triggers);
    }

    private static String liquibaseChangelog(List<Path> files) {
        StringBuilder xml = new StringBuilder()
                .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<databaseChangeLog xmlns=\"http://www.liquibase.org/xml/ns/dbchangelog\"\n")
                .append("        xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n")
                .append("        xsi:schemaLocation=\"http://www.liquibase.org/xml/ns/dbchangelog")
                .append(" http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd\">\n");
        for (Path file : files) {
            xml.append("    <include file=\"").append(file.getFileName()).append("\" relativeToChangelogFile=\"true\"/>\n");
        }
        return xml.append("</databaseChangeLog>\n").toString();
    }

    private Migration migration(int version) {
        int target = 2 + random.nextInt(5);
        List<String> sql = new ArrayList<>();
        String description;
        TableModel created = null;
        if (tables.isEmpty() || random.nextInt(100) < 55) {
            created = createTable(version, sql);
            description = "create_" + created.noun;
        } else {
            description = null;
        }
        while (sql.size() < target) {
            TableModel table = created != null && random.nextBoolean() ? created : anyTable();
            int pick = random.nextInt(100);
            String what;
            if (pick < 10 && target - sql.size() >= 2 && !table.hasTrigger) {
                what = addTrigger(version, table, sql);
            } else if (pick < 40) {
                what = addIndex(version, sql.size(), table, sql);
            } else if (pick < 62) {
                what = addColumn(version, sql.size(), table, sql);
            } else if (pick < 85) {
                what = seed(table, sql);
            } else {
                what = addView(version, sql.size(), table, sql);
            }
            if (description == null) {
                description = what;
            }
        }
        return new Migration(description, sql);
    }

    private TableModel anyTable() {
        return tables.get(random.nextInt(tables.size()));
    }

    private TableModel createTable(int version, List<String> sql) {
        String noun = NOUNS[random.nextInt(NOUNS.length)];
        TableModel parent = !tables.isEmpty() && random.nextInt(100) < 80 ? anyTable() : null;
        TableModel table = new TableModel("t" + version + "_" + noun, noun, parent);
        StringBuilder ddl = new StringBuilder()
                .append("CREATE TABLE ").append(table.name).append(" (\n")
                .append("    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n")
                .append("    name text NOT NULL,\n")
                .append("    amount numeric(12, 2) NOT NULL DEFAULT 0,\n")
                .append("    status varchar(20) NOT NULL DEFAULT 'new',\n")
                .append("    created_at timestamptz NOT NULL DEFAULT now(),\n")
                .append("    updated_at timestamptz");
        if (parent != null) {
            ddl.append(",\n    ").append(table.parentColumn()).append(" bigint REFERENCES ")
                    .append(parent.name).append(" (id) ON DELETE CASCADE");
        }
        ddl.append("\n);");
        sql.add(ddl.toString());
        tables.add(table);
        return table;
    }

    private String addIndex(int version, int position, TableModel table, List<String> sql) {
        String column = table.indexable.get(random.nextInt(table.indexable.size()));
        sql.add("CREATE INDEX ix" + version + "_" + position + "_" + table.name + " ON " + table.name
                + " (" + column + (!column.equals("created_at") && random.nextBoolean() ? ", created_at DESC" : "") + ");");
        return "index_" + table.noun + "_" + column;
    }

    private String addColumn(int version, int position, TableModel table, List<String> sql) {
        String column = "c" + version + "_" + position;
        if (random.nextBoolean()) {
            sql.add("ALTER TABLE " + table.name + " ADD COLUMN " + column + " integer NOT NULL DEFAULT "
                    + random.nextInt(100) + ";");
        } else {
            sql.add("ALTER TABLE " + table.name + " ADD COLUMN " + column + " text NOT NULL DEFAULT '"
                    + STATUSES[random.nextInt(STATUSES.length)] + "';");
        }
        table.indexable.add(column);
        return "add_" + column + "_to_" + table.noun;
    }

    private String seed(TableModel table, List<String> sql) {
        boolean linked = table.parent != null && table.parent.seeded;
        StringBuilder insert = new StringBuilder("INSERT INTO ").append(table.name).append(" (name, amount, status");
        if (linked) {
            insert.append(", ").append(table.parentColumn()).append(")\nSELECT v.name, v.amount, v.status, (SELECT min(id) FROM ")
                    .append(table.parent.name).append(")\nFROM (VALUES");
        } else {
            insert.append(") VALUES");
        }
        int rows = 2 + random.nextInt(4);
        for (int i = 0; i < rows; i++) {
            insert.append(i == 0 ? "\n    " : ",\n    ")
                    .append("('").append(table.noun.replace('_', ' ')).append(' ').append(random.nextInt(10_000))
                    .append("', ").append(String.format(Locale.ROOT, "%.2f", random.nextInt(100_000) / 100.0))
                    .append(", '").append(STATUSES[random.nextInt(STATUSES.length)]).append("')");
        }
        if (linked) {
            insert.append("\n) AS v (name, amount, status)");
        }
        sql.add(insert.append(';').toString());
        table.seeded = true;
        return "seed_" + table.noun;
    }

    private String addView(int version, int position, TableModel table, List<String> sql) {
        String view = "v" + version + "_" + position + "_" + table.noun + "_summary";
        StringBuilder select = new StringBuilder("CREATE VIEW ").append(view).append(" AS\nSELECT c.id, c.name, c.amount, c.status");
        if (table.parent != null) {
            select.append(", p.name AS ").append(table.parent.noun).append("_name\nFROM ").append(table.name)
                    .append(" c\nLEFT JOIN ").append(table.parent.name).append(" p ON p.id = c.")
                    .append(table.parentColumn());
        } else {
            select.append("\nFROM ").append(table.name).append(" c");
        }
        select.append("\nWHERE c.status <> 'archived';");
        sql.add(select.toString());
        views++;
        return "view_" + table.noun + "_summary";
    }

    private String addTrigger(int version, TableModel table, List<String> sql) {
        String function = "f" + version + "_touch_" + table.noun;
        sql.add("CREATE FUNCTION " + function + "() RETURNS trigger\n"
                + "LANGUAGE plpgsql AS $$\n"
                + "BEGIN\n"
                + "    NEW.updated_at := now();\n"
                + "    IF NEW.amount < 0 THEN\n"
                + "        RAISE EXCEPTION 'amount must not be negative: %', NEW.amount;\n"
                + "    END IF;\n"
                + "    RETURN NEW;\n"
                + "END;\n"
                + "$$;");
        sql.add("CREATE TRIGGER tr" + version + "_touch BEFORE INSERT OR UPDATE ON " + table.name
                + "\n    FOR EACH ROW EXECUTE FUNCTION " + function + "();");
        table.hasTrigger = true;
        triggers++;
        return "touch_trigger_" + table.noun;
    }

    private record Migration(String description, List<String> statements) {
    }

    /** What the generator remembers about a table it created. */
    private static final class TableModel {
        final String name;
        final String noun;
        final TableModel parent;
        final List<String> indexable = new ArrayList<>(List.of("name", "status", "amount", "created_at"));
        boolean seeded;
        boolean hasTrigger;

        TableModel(String name, String noun, TableModel parent) {
            this.name = name;
            this.noun = noun;
            this.parent = parent;
            if (parent != null) {
                indexable.add(parentColumn());
            }
        }

        String parentColumn() {
            return parent.name + "_id";
        }
    }
}
